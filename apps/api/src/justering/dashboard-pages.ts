import { Injectable } from '@nestjs/common';
import { DomainError } from '@justera/application';
import { visibleOrganIds } from '@justera/auth';
import { ListNoticesOfProtocols } from '@justera/anslag';
import { AuditTrail, JusteringStatus, JusteringStatusList, ProtocolDocumentsList, type JusteringStatusView } from '@justera/justering';
import { AccessRepository, ProtocolsRepository } from '@justera/persistence';
import { pageUser } from '../auth/page-user';
import type { AuthContext } from '../auth/auth-context';
import { DashboardProtocol, renderCancelRoundPage, renderDashboardPage, renderDashboardProtocolPage } from '../views';
import { dashboardProtocol, dashboardTimeline } from '../views/dashboard.model';
import { LiveStatusService } from './live-status';
import { readableTrail, versionHistory } from './version-history';

/**
 * The secretary's dashboard pages (JusteringDashboardController): each reads what its page shows —
 * the justering status (libs/justering queries), the protocol's documents, its notices, the audit trail
 * and who acted — and renders it with the view models of `views/dashboard.model.ts`. Reads only.
 */
@Injectable()
export class DashboardPages {
  constructor(
    private readonly justeringStatus: JusteringStatus,
    private readonly justeringStatusList: JusteringStatusList,
    private readonly auditTrail: AuditTrail,
    private readonly protocols: ProtocolsRepository,
    private readonly documents: ProtocolDocumentsList,
    private readonly notices: ListNoticesOfProtocols,
    private readonly access: AccessRepository,
    private readonly liveStatus: LiveStatusService,
  ) {}

  /** `/justering`: the latest 50 protocols the caller may read, each with its justering. */
  async list(auth: AuthContext): Promise<string> {
    const visible = visibleOrganIds(auth.principal, 'protocol.read');
    const { items } = await this.protocols.list({
      organisationId: auth.principal.organisationId,
      organIds: visible === 'all' ? undefined : visible,
      limit: 50,
      offset: 0,
    });
    // The justering status, the documents and the notices of the whole list, each in one read (not one per protocol).
    const statuses = await this.justeringStatusList.execute({ caller: auth, protocolIds: items.map((p) => p.id) });
    const protocols = await this.withDocuments(auth, statuses);
    return renderDashboardPage({ user: pageUser(auth), protocols, now: new Date() });
  }

  /** `/justering/:id`: one protocol's justering, its versions, its timeline (evidence.read) and the live stamp. */
  async one(auth: AuthContext, id: string, done: string | undefined): Promise<string> {
    const [protocol] = await this.withDocuments(auth, [await this.justeringStatus.execute({ caller: auth, protocolId: id })]);
    const trail = await readableTrail(this.auditTrail, auth, id);
    const live = await this.liveStatus.of(auth, id);
    return renderDashboardProtocolPage({
      user: pageUser(auth),
      protocol,
      now: new Date(),
      done,
      timeline: trail && (await this.timeline(auth, trail, protocol)),
      versions: versionHistory(protocol, trail),
      liveStamp: live.stamp,
    });
  }

  /**
   * The confirmation page of a cancellation, where the secretary gives the reason (`error` and the
   * `reason` given when the form comes back); null when the round is no longer open (completed,
   * signing or cancelled meanwhile).
   */
  async cancel(auth: AuthContext, id: string, roundId: string, error?: string, reason?: string): Promise<string | null> {
    const s = await this.justeringStatus.execute({ caller: auth, protocolId: id, roundId });
    const round = s.rounds[0];
    if (!round) throw new DomainError('not_found', 'Justeringen finns inte.');
    if (round.status !== 'active' && round.status !== 'change_requested') return null;
    return renderCancelRoundPage({ user: pageUser(auth), protocol: s, round, error, reason });
  }

  private async timeline(auth: AuthContext, trail: Parameters<typeof dashboardTimeline>[0], protocol: DashboardProtocol) {
    const [users, keys] = await Promise.all([
      this.access.listUsers(auth.principal.organisationId),
      this.access.listApiKeys(auth.principal.organisationId),
    ]);
    return dashboardTimeline(trail, protocol, users, keys);
  }

  /**
   * Each status with its protocol's documents and notices, read for all of them at once; none read for
   * a protocol whose rounds are all cancelled (or that has none).
   */
  private async withDocuments(auth: AuthContext, statuses: JusteringStatusView[]): Promise<DashboardProtocol[]> {
    const ids = statuses.filter((s) => !s.rounds.every((r) => r.status === 'cancelled')).map((s) => s.protocolId);
    const [documents, notices] = await Promise.all([
      this.documents.execute({ caller: auth, protocolIds: ids }),
      this.notices.execute({ caller: auth, protocolIds: ids }),
    ]);
    return statuses.map((s) => (documents.has(s.protocolId) ? dashboardProtocol(s, documents.get(s.protocolId)!, notices.get(s.protocolId) ?? []) : s));
  }
}
