import type { AuditTrailView, JusteringStatusView } from '@justera/justering';
import type { DashboardDocument, DashboardNotice, DashboardProtocol } from './dashboard.view';
import { timelineOf, type TimelinePerson } from './timeline';

/**
 * The secretary's dashboard pages' view models (apps/api/src/justering/dashboard-pages.ts reads what
 * they need and calls these): what each page shows of the justering status, the protocol's documents,
 * its notices and the audit trail. No justering or anslag rule lives here — those are libs/justering's
 * use cases and queries.
 */

/** A protocol document as libs/justering's `ProtocolDocumentsList` gives it (the fields the dashboard shows). */
export interface DashboardDocumentFacts {
  kind: DashboardDocument['kind'];
  roundId: string;
  titleSv: string;
  url: string;
  sha256: string;
  size: number;
  relationSv: string | null;
  current?: boolean;
}

/** The justering status with the protocol's documents (each with its own SHA-256) and its notices' dates. */
export function dashboardProtocol(
  status: JusteringStatusView,
  documents: DashboardDocumentFacts[],
  notices: (DashboardNotice & Record<string, unknown>)[],
): DashboardProtocol {
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

/** The audit trail as Swedish lines, naming the signatories, the versions and the staff users and API keys who acted. */
export function dashboardTimeline(
  trail: AuditTrailView,
  status: DashboardProtocol & { rounds: { versions?: { id: string; number: number }[] }[] },
  users: { id: string; name: string }[],
  apiKeys: { id: string; name: string }[],
) {
  const people = new Map<string, TimelinePerson>();
  const versions = new Map<string, number>();
  for (const r of status.rounds) {
    for (const g of r.signatories) people.set(g.id, { name: g.name, roleSv: g.roleSv });
    for (const v of r.versions ?? []) versions.set(v.id, v.number);
  }
  const staff = { users: new Map(users.map((u) => [u.id, u.name])), apiKeys: new Map(apiKeys.map((k) => [k.id, k.name])) };
  return {
    items: timelineOf(trail.events, people, versions, staff),
    ok: trail.verification.ok,
    firstBadSeq: trail.verification.firstBad?.seq,
  };
}
