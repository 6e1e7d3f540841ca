import { DomainError } from '@justera/application';
import { roleSv } from '@justera/sv';
import type { AuthContext } from '../auth/auth-context';
import type { DashboardProtocol } from '../views';
import type { DashboardVersion } from '../views/dashboard.view';
import type { AuditTrail, AuditTrailView } from '@justera/justering';

/** The audit trail for a user who may read it (evidence.read); otherwise undefined. */
export async function readableTrail(auditTrail: AuditTrail, auth: AuthContext, id: string): Promise<AuditTrailView | undefined> {
  try {
    return await auditTrail.execute({ caller: auth, protocolId: id });
  } catch (err) {
    if (err instanceof DomainError && err.code === 'forbidden') return undefined;
    throw err;
  }
}

type StatusVersion = { id: string; number: number; sha256: string; reason: string | null; createdAt: Date | string };

/**
 * Every version of every round with the change request that led to it and the secretary's answer: the
 * status gives the versions and reasons; the `version.frozen` events (when the trail may be read) the
 * change request and what changed.
 */
export function versionHistory(
  status: DashboardProtocol,
  trail: { events: { type: string; data: unknown }[] } | undefined,
): DashboardVersion[] {
  const frozen = new Map<string, { changeRequest?: { name: string; role: string; comment: string }; changes?: string[] }>();
  for (const e of trail?.events ?? []) {
    if (e.type !== 'version.frozen') continue;
    const d = (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as {
      versionId?: string;
      changeRequest?: { name: string; role: string; comment: string };
      changes?: unknown;
    };
    if (d?.versionId)
      frozen.set(d.versionId, { changeRequest: d.changeRequest, changes: Array.isArray(d.changes) ? d.changes.map(String) : undefined });
  }
  return status.rounds.flatMap((r) => {
    const versions = ((r as unknown as { versions?: StatusVersion[] }).versions ?? []).slice().sort((a, b) => a.number - b.number);
    return versions.map((v) => {
      const f = frozen.get(v.id);
      return {
        roundId: r.id,
        number: v.number,
        sha256: v.sha256,
        createdAt: v.createdAt,
        current: v.number === r.version.number,
        reason: v.reason,
        changeRequest: f?.changeRequest
          ? { name: f.changeRequest.name, roleSv: roleSv(f.changeRequest.role), comment: f.changeRequest.comment }
          : null,
        changes: f?.changes,
      };
    });
  });
}
