import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { visibleOrganIds } from '@justera/auth';
import { AccessRepository, ProtocolsRepository } from '@justera/persistence';
import { pageUser } from '../auth/page-user';
import { Auth, AuthContext } from '../auth/auth-context';
import { DomainError } from '@justera/application';
import { DashboardProtocol, renderCancelRoundPage, renderDashboardPage, renderDashboardProtocolPage } from '../views';
import { timelineOf, type TimelinePerson } from '../views/timeline';
import { AnslagService } from '../anslag/anslag.service';
import { ProtocolDocumentsService } from '../documents/protocol-documents.service';
import { requestMeta } from './justering.controller';
import {
  AuditTrail,
  type AuditTrailView,
  CancelJustering,
  ChangeSignatoryEmail,
  FreezeNewVersion,
  JusteringStatus,
  JusteringStatusList,
  type JusteringStatusView,
  RemindSignatory,
  ResendLink,
  StartJustering,
} from '@justera/justering';
import { LiveStatusService } from './live-status';
import { readableTrail, versionHistory } from './version-history';

/** The secretary's dashboard: each protocol's justering, per-signatory state, deadlines, actions. */
@ApiExcludeController()
@Controller('justering')
export class JusteringDashboardController {
  constructor(
    private readonly justeringStatus: JusteringStatus,
    private readonly justeringStatusList: JusteringStatusList,
    private readonly auditTrail: AuditTrail,
    private readonly protocols: ProtocolsRepository,
    private readonly documents: ProtocolDocumentsService,
    private readonly anslag: AnslagService,
    private readonly access: AccessRepository,
    private readonly remindSignatory: RemindSignatory,
    private readonly resendLink: ResendLink,
    private readonly changeSignatoryEmail: ChangeSignatoryEmail,
    private readonly cancelJustering: CancelJustering,
    private readonly startJustering: StartJustering,
    private readonly freezeNewVersion: FreezeNewVersion,
    private readonly liveStatus: LiveStatusService,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext, @Res() res: Response) {
    const visible = visibleOrganIds(auth.principal, 'protocol.read');
    const { items } = await this.protocols.list({
      organisationId: auth.principal.organisationId,
      organIds: visible === 'all' ? undefined : visible,
      limit: 50,
      offset: 0,
    });
    // The justering status of the whole list in one read (not one per protocol).
    const statuses = await this.justeringStatusList.execute({ caller: auth, protocolIds: items.map((p) => p.id) });
    const protocols = await Promise.all(statuses.map((s) => this.protocol(auth, s.protocolId, s)));
    res.type('html').send(renderDashboardPage({ user: pageUser(auth), protocols, now: new Date() }));
  }

  @Get(':protocolId')
  async one(
    @Auth() auth: AuthContext,
    @Param('protocolId', ParseUUIDPipe) id: string,
    @Query('klart') done: unknown,
    @Res() res: Response,
  ) {
    const protocol = await this.protocol(auth, id);
    const trail = await this.trail(auth, id);
    const live = await this.liveStatus.of(auth, id);
    res.type('html').send(
      renderDashboardProtocolPage({
        user: pageUser(auth),
        protocol,
        now: new Date(),
        done: typeof done === 'string' ? done : undefined,
        timeline: trail && (await this.timeline(auth, trail, protocol)),
        versions: versionHistory(protocol, trail),
        liveStamp: live.stamp,
      }),
    );
  }

  /** The audit trail for a user who may read it (evidence.read); otherwise undefined. */
  private trail(auth: AuthContext, id: string) {
    return readableTrail(this.auditTrail, auth, id);
  }

  /** The audit trail as Swedish lines, naming the staff users and API keys who acted. */
  private async timeline(
    auth: AuthContext,
    trail: AuditTrailView,
    status: DashboardProtocol & { rounds: { versions?: { id: string; number: number }[] }[] },
  ) {
    const people = new Map<string, TimelinePerson>();
    const versions = new Map<string, number>();
    for (const r of status.rounds) {
      for (const g of r.signatories) people.set(g.id, { name: g.name, roleSv: g.roleSv });
      for (const v of r.versions ?? []) versions.set(v.id, v.number);
    }
    const [users, keys] = await Promise.all([
      this.access.listUsers(auth.principal.organisationId),
      this.access.listApiKeys(auth.principal.organisationId),
    ]);
    const staff = { users: new Map(users.map((u) => [u.id, u.name])), apiKeys: new Map(keys.map((k) => [k.id, k.name])) };
    return {
      items: timelineOf(trail.events, people, versions, staff),
      ok: trail.verification.ok,
      firstBadSeq: trail.verification.firstBad?.seq,
    };
  }

  /** The justering status with the protocol's documents (each with its own SHA-256) and its notices' dates. */
  private async protocol(auth: AuthContext, id: string, known?: JusteringStatusView): Promise<DashboardProtocol> {
    const status = known ?? (await this.justeringStatus.execute({ caller: auth, protocolId: id }));
    if (status.rounds.every((r) => r.status === 'cancelled')) return status;
    const [documents, notices] = await Promise.all([this.documents.forCaller(auth, id), this.anslag.listNotices(auth, id)]);
    return {
      ...status,
      documents: documents.map((d) => ({
        kind: d.kind,
        roundId: d.roundId,
        title: d.titleSv,
        href: d.url,
        sha256: d.sha256,
        size: d.size,
        relation: d.relationSv,
        note: d.kind === 'frozen' && !d.current ? 'ersatt av en senare version; godkännanden av den gäller inte' : null,
      })),
      notices: notices.map((n) => ({
        id: n.id,
        roundId: n.roundId,
        storedState: n.storedState,
        state: n.state,
        postAt: n.postAt,
        postedDate: n.postedDate,
        lastAppealDay: n.lastAppealDay,
        takeDownDate: n.takeDownDate,
        awaitingPostings: n.awaitingPostings,
        noticeUrl: n.noticeUrl,
      })),
    };
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
    const s = await this.justeringStatus.execute({ caller: auth, protocolId: id, roundId });
    const round = s.rounds[0];
    if (!round) throw new DomainError('not_found', 'Justeringen finns inte.');
    if (round.status !== 'active' && round.status !== 'change_requested') return this.back(res, id, 'avslutad');
    res
      .status(status)
      .type('html')
      .send(renderCancelRoundPage({ user: pageUser(auth), protocol: s, round, error, reason }));
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
