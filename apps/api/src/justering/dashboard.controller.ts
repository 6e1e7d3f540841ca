import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@justera/application';
import { CancelJustering, ChangeSignatoryEmail, FreezeNewVersion, RemindSignatory, ResendLink, StartJustering } from '@justera/justering';
import { Auth, AuthContext } from '../auth/auth-context';
import { DashboardPages } from './dashboard-pages';
import { requestMeta } from './justering.controller';

/**
 * The secretary's dashboard: each protocol's justering, per-signatory state, deadlines, actions. The
 * pages are read and built in `DashboardPages`; the actions are the justering use cases.
 */
@ApiExcludeController()
@Controller('justering')
export class JusteringDashboardController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly remindSignatory: RemindSignatory,
    private readonly resendLink: ResendLink,
    private readonly changeSignatoryEmail: ChangeSignatoryEmail,
    private readonly cancelJustering: CancelJustering,
    private readonly startJustering: StartJustering,
    private readonly freezeNewVersion: FreezeNewVersion,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext, @Res() res: Response) {
    res.type('html').send(await this.pages.list(auth));
  }

  @Get(':protocolId')
  async one(
    @Auth() auth: AuthContext,
    @Param('protocolId', ParseUUIDPipe) id: string,
    @Query('klart') done: unknown,
    @Res() res: Response,
  ) {
    res.type('html').send(await this.pages.one(auth, id, typeof done === 'string' ? done : undefined));
  }

  /** Back to the protocol's justering, saying what was done (a fixed text per code, see DONE_SV). */
  private back(res: Response, protocolId: string, done: string) {
    res.redirect(303, `/justering/${protocolId}?klart=${done}`);
  }

  /** The confirmation page of a cancellation, where the secretary gives the reason. */
  @Get(':protocolId/rounds/:roundId/avbryt')
  async confirmCancel(
    @Auth() auth: AuthContext,
    @Param('protocolId', ParseUUIDPipe) id: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Res() res: Response,
  ) {
    await this.renderCancel(auth, id, roundId, res, 200);
  }

  private async renderCancel(
    auth: AuthContext,
    id: string,
    roundId: string,
    res: Response,
    status: number,
    error?: string,
    reason?: string,
  ) {
    const html = await this.pages.cancel(auth, id, roundId, error, reason);
    if (html === null) return this.back(res, id, 'avslutad');
    res.status(status).type('html').send(html);
  }

  @Post(':protocolId/start')
  async start(
    @Auth() auth: AuthContext,
    @Param('protocolId', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.startJustering.execute({
      caller: auth,
      protocolId: id,
      order: body.order === 'parallel' ? 'parallel' : 'sequential',
      meta: requestMeta(req),
    });
    this.back(res, id, 'startad');
  }

  @Post(':protocolId/rounds/:roundId/signatories/:sid/:action')
  async signatoryAction(
    @Auth() auth: AuthContext,
    @Param('protocolId', ParseUUIDPipe) id: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Param('sid', ParseUUIDPipe) sid: string,
    @Param('action') action: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const cmd = { caller: auth, protocolId: id, roundId, signatoryId: sid, meta: requestMeta(req) };
    let done: string;
    if (action === 'remind') {
      await this.remindSignatory.execute(cmd);
      done = 'paminnelse';
    } else if (action === 'resend') {
      await this.resendLink.execute(cmd);
      done = 'ny-lank';
    } else if (action === 'email') {
      const email = typeof body.email === 'string' ? body.email.trim() : '';
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254)
        throw new DomainError('invalid_request', 'Ange en giltig e-postadress.');
      await this.changeSignatoryEmail.execute({ ...cmd, email });
      done = 'epost';
    } else throw new DomainError('not_found', 'Sidan finns inte.');
    this.back(res, id, done);
  }

  @Post(':protocolId/rounds/:roundId/cancel')
  async cancel(
    @Auth() auth: AuthContext,
    @Param('protocolId', ParseUUIDPipe) id: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    // On the page a reason is required (the signers are told it); the API leaves it optional.
    if (!reason)
      return this.renderCancel(auth, id, roundId, res, 400, 'Skriv varför justeringen avbryts. Anledningen skickas till undertecknarna.');
    if (reason.length > 2000)
      return this.renderCancel(auth, id, roundId, res, 400, 'Anledningen får vara högst 2 000 tecken.', reason.slice(0, 2000));
    await this.cancelJustering.execute({ caller: auth, callerName: auth.name, protocolId: id, roundId, reason, meta: requestMeta(req) });
    this.back(res, id, 'avbruten');
  }

  @Post(':protocolId/rounds/:roundId/versions')
  async newVersion(
    @Auth() auth: AuthContext,
    @Param('protocolId', ParseUUIDPipe) id: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const reason = typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim().slice(0, 2000) : undefined;
    await this.freezeNewVersion.execute({ caller: auth, protocolId: id, roundId, reason, meta: requestMeta(req) });
    this.back(res, id, 'ny-version');
  }
}
