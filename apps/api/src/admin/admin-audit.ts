import { randomUUID } from 'node:crypto';
import { DomainError, actorOf, invalidRequest } from '@justera/application';
import type { AdminUnitOfWork, OrganisationsRepository } from '@justera/persistence';
import type { AuthContext } from '../auth/auth-context';

/** Where an admin action came from, for the admin audit trail. */
export interface AdminMeta {
  ip: string | null;
}

/** A field's problem, for the forms (`path` is the form field's name). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** One `invalid_request` naming every field issue (the pages show each at its field). */
export function fieldError(issues: FieldIssue[]): DomainError {
  return invalidRequest(issues.map((i) => i.message).join(' '), issues);
}

/** Appends an entry to the organisation's admin audit trail (admin_audit_events) in the action's transaction. */
export async function appendAdminAudit(
  uow: AdminUnitOfWork,
  auth: AuthContext,
  meta: AdminMeta,
  action: string,
  targetType: string,
  targetId: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await uow.appendAudit({
    id: randomUUID(),
    organisationId: auth.principal.organisationId,
    actor: actorOf(auth),
    action,
    targetType,
    targetId,
    detail: JSON.stringify(detail),
    ip: meta.ip?.slice(0, 64) ?? null,
    at: new Date(),
  });
}

/** The JSON API's check of `organIds`: each one an organ of the organisation (`invalid_request` naming the first that is not). */
export async function requireKnownOrgans(
  organisations: OrganisationsRepository,
  organisationId: string,
  organIds: string[] | undefined,
): Promise<void> {
  for (const id of organIds ?? []) {
    if (!(await organisations.findOrgan(organisationId, id)))
      throw invalidRequest(`organIds: okänt organ ${id}`, [{ path: 'organIds', message: `unknown organ ${id}` }]);
  }
}

/** The admin audit trail's "where from" of a page's request. */
export function requestMeta(req: { ip?: string }): AdminMeta {
  return { ip: req.ip ?? null };
}
