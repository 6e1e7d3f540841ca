import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AnslagStore, SaveBoard } from '@justera/anslag';
import { notFound } from '@justera/application';
import { ANSLAG_STORE, OrganisationsRepository } from '@justera/persistence';
import { Auth, AuthContext } from '../auth/auth-context';
import { pageUser } from '../auth/page-user';
import { ensureAllowed } from '../auth/policy';
import { renderAdminConfirmPage, renderAdminExternalBoardPage } from '../views';
import { confirmRemoveModel, externalPageModel, parseExternalBoardForm } from '../views/admin-boards.model';
import { submitForm } from '../common/page-form';

/**
 * The admin pages of another municipality's board of a gemensam nämnd (`/admin/anslagstavlor/tavla/:id`):
 * its name and address, and removing it (SaveBoard makes it inactive; audited in admin_audit_events).
 */
@ApiExcludeController()
@Controller('admin/anslagstavlor/tavla')
export class AnslagAdminExternalPagesController {
  constructor(
    @Inject(ANSLAG_STORE) private readonly store: AnslagStore,
    private readonly organisations: OrganisationsRepository,
    private readonly saveBoard: SaveBoard,
  ) {}

  /** Another municipality's active board of the caller's organisation, and its organ. */
  private async external(auth: AuthContext, id: string) {
    ensureAllowed(auth, 'board.manage', { organisationId: auth.principal.organisationId });
    const board = await this.store.findBoard(id);
    if (!board || board.organisationId !== auth.principal.organisationId || board.kind !== 'external' || !board.active)
      throw notFound('Anslagstavlan');
    const organ = await this.organisations.findOrgan(auth.principal.organisationId, board.organId);
    if (!organ) throw notFound('Organet');
    return { board, organ };
  }

  @Get(':id')
  async externalPage(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const { board, organ } = await this.external(auth, id);
    res.type('html').send(renderAdminExternalBoardPage(externalPageModel(pageUser(auth), organ, board)));
  }

  @Post(':id')
  async saveExternal(
    @Auth() auth: AuthContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const { board, organ } = await this.external(auth, id);
    const form = parseExternalBoardForm(body);
    await submitForm(
      res,
      () => this.saveBoard.execute({ caller: auth, boardId: board.id, settings: form, ip: req.ip ?? null }),
      async (errors, status) =>
        void res
          .status(status)
          .type('html')
          .send(renderAdminExternalBoardPage(externalPageModel(pageUser(auth), organ, board, form, errors))),
      `/admin/anslagstavlor/${organ.id}?klart=sparad`,
    );
  }

  @Get(':id/ta-bort')
  async confirmRemove(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const { board, organ } = await this.external(auth, id);
    res.type('html').send(renderAdminConfirmPage(confirmRemoveModel(pageUser(auth), organ, board)));
  }

  @Post(':id/ta-bort')
  async remove(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response) {
    const { board, organ } = await this.external(auth, id);
    await this.saveBoard.execute({ caller: auth, boardId: board.id, settings: { active: false }, ip: req.ip ?? null });
    res.redirect(303, `/admin/anslagstavlor/${organ.id}?klart=borttagen`);
  }
}
