import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { pageUser } from '../auth/page-user';
import { Auth, AuthContext } from '../auth/auth-context';
import { invalidRequest } from '@justera/application';
import { renderAnslagSecretaryPage } from '../views';
import { type Clock, ListProtocolNotices, RecordExternalPosting, TIME_ZONE } from '@justera/anslag';
import { isoDateInTimeZone } from '@justera/legal-dates';
import { API_CLOCK } from './clock';

/**
 * The secretary's page for a protocol's notices: each board's posting, and a form to record the day
 * the notice went up on another municipality's board (gemensam nämnd). Works without JavaScript.
 */
@ApiExcludeController()
@Controller('anslag')
export class AnslagSecretaryController {
  constructor(
    private readonly protocolNotices: ListProtocolNotices,
    private readonly recordExternalPosting: RecordExternalPosting,
    @Inject(API_CLOCK) private readonly clock: Clock,
  ) {}

  @Get('protokoll/:protocolId')
  async page(@Auth() auth: AuthContext, @Param('protocolId', ParseUUIDPipe) protocolId: string, @Res() res: Response) {
    const notices = await this.protocolNotices.execute({ caller: auth, protocolId });
    res.type('html').send(
      renderAnslagSecretaryPage({
        user: auth.via === 'session' ? pageUser(auth) : undefined,
        csrf: auth.csrfToken ?? '',
        notices,
        // Today's Swedish date (a test clock may differ per organisation).
        today: isoDateInTimeZone(this.clock.now(auth.principal.organisationId), TIME_ZONE),
      }),
    );
  }

  @Post('anslag/:noticeId/uppsatt')
  async record(
    @Auth() auth: AuthContext,
    @Param('noticeId', ParseUUIDPipe) noticeId: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const boardId = typeof body.boardId === 'string' ? body.boardId : '';
    const postedDate = typeof body.postedDate === 'string' ? body.postedDate : '';
    if (!/^[0-9a-f-]{36}$/.test(boardId) || !/^\d{4}-\d{2}-\d{2}$/.test(postedDate))
      throw invalidRequest('Ange anslagstavla och datum (ÅÅÅÅ-MM-DD).');
    const { protocolId } = await this.recordExternalPosting.execute({ caller: auth, noticeId, boardId, postedDate });
    res.redirect(303, `/anslag/protokoll/${protocolId}`);
  }
}
