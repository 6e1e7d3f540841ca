import { DomainError } from '@justera/application';
import type { UserRole } from '@justera/persistence';
import type { FieldIssue } from './admin-audit';

/**
 * The rules of the admin area that decide something, as pure functions (unit spec beside): who may be
 * invited with which role and organs, when password login may be turned off, when an organ may
 * require e-legitimation, an API key's scope, and an invitation's state. The services read the facts
 * and write; these decide.
 */

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

export const APP_ROLES: readonly UserRole[] = ['admin', 'sekreterare', 'revisor'];
/** The application roles as the pages name them (docs/glossary.md, "Roles of the application"). */
export const APP_ROLE_SV: Record<UserRole, string> = { admin: 'Administratör', sekreterare: 'Sekreterare', revisor: 'Revisor' };

/** What an admin types to invite someone or change a user's role. */
export interface UserInput {
  email?: string;
  name?: string;
  role?: string;
  organIds?: string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The invited person's address (lower case) and name as typed, and what is wrong with them. */
export function inviteeIssues(input: UserInput, issues: FieldIssue[]): { email: string; name: string } {
  const email = (input.email ?? '').trim().toLowerCase();
  const name = (input.name ?? '').trim();
  if (!email) issues.push({ path: 'email', message: 'Skriv personens e-postadress.' });
  else if (email.length > 254 || !EMAIL.test(email))
    issues.push({ path: 'email', message: 'Skriv en giltig e-postadress, till exempel anna.berg@kommun.se.' });
  if (!name) issues.push({ path: 'name', message: 'Skriv personens namn.' });
  else if (name.length > 200) issues.push({ path: 'name', message: 'Namnet får vara högst 200 tecken.' });
  return { email, name };
}

/**
 * Role and organs as typed, checked against the organisation's organs: a sekreterare serves at least
 * one of them; the organisation-wide roles (admin, revisor) serve none, whatever was ticked.
 */
export function roleAndOrgans(
  input: UserInput,
  knownOrganIds: ReadonlySet<string>,
  issues: FieldIssue[],
): { role: UserRole; organIds: string[] } {
  const role = APP_ROLES.find((r) => r === input.role);
  if (!role) issues.push({ path: 'role', message: 'Välj en roll.' });
  const organIds = [...new Set(input.organIds ?? [])];
  if (organIds.length > 200) issues.push({ path: 'organIds', message: 'Högst 200 organ.' });
  if (organIds.some((id) => !knownOrganIds.has(id)))
    issues.push({ path: 'organIds', message: 'Ett av de valda organen finns inte i organisationen.' });
  if (role === 'sekreterare' && organIds.length === 0)
    issues.push({ path: 'organIds', message: 'Välj minst ett organ som sekreteraren ska arbeta för.' });
  return { role: role ?? 'sekreterare', organIds: role === 'sekreterare' ? organIds : [] };
}

/** An admin cannot take away their own admin role (someone must be left to administer). */
export function ownRoleIssue(self: boolean, role: UserRole): FieldIssue | null {
  return self && role !== 'admin' ? { path: 'role', message: 'Du kan inte ta bort din egen administratörsroll.' } : null;
}

/**
 * Whether password login may be turned off (docs/identity.md, "Staff single sign-on"), or why not:
 * only with single sign-on configured, and only once an active admin of the organisation has logged
 * in with it (otherwise nobody might be able to log in and turn it on again). `ssoAdmin` undefined:
 * not known yet (the service asks the audit trail only when the first check passed).
 */
export function passwordLoginRefusal(change: { passwordLogin: boolean; singleSignOn: boolean; ssoAdmin?: boolean }): DomainError | null {
  if (change.passwordLogin) return null;
  if (!change.singleSignOn)
    return new DomainError(
      'conflict',
      'Inloggning med lösenord kan inte stängas av när organisationens inloggning (single sign-on) inte är inställd.',
    );
  if (change.ssoAdmin === false)
    return new DomainError(
      'conflict',
      'Inloggning med lösenord kan inte stängas av förrän minst en aktiv administratör i organisationen har loggat in med organisationens inloggning. Annars kanske ingen administratör kan logga in och slå på det igen.',
    );
  return null;
}

/** A user whose `login.sso` counts for turning password login off: an active admin of the organisation. */
export function isActiveAdminOf(
  organisationId: string,
  user: { organisationId: string; role: UserRole; disabled: boolean } | null,
): boolean {
  return !!user && user.organisationId === organisationId && user.role === 'admin' && !user.disabled;
}

/** An organ may require e-legitimation only where it is configured (JUSTERA_OIDC_*): `identity_unavailable`. */
export function checkIdentityLevel(level: string | undefined, oidcConfigured: boolean): void {
  if (level === 'e-legitimation' && !oidcConfigured) throw new DomainError('identity_unavailable');
}

/** An API key's scope: a sekreterare key acts for its organs, an admin or revisor key for the whole organisation. */
export function apiKeyOrganIds(role: UserRole, organIds: string[]): string[] {
  return role === 'sekreterare' ? organIds : [];
}

/** The admin page's API key form as typed: its name, role and organs, and each field's problem. */
export function apiKeyFormIssues(
  form: { name: string; role: string; organIds: string[] },
  knownOrganIds: ReadonlySet<string>,
): { role: UserRole | undefined; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  if (!form.name) errors.name = ['Skriv vad nyckeln ska användas till.'];
  else if (form.name.length > 200) errors.name = ['Namnet får vara högst 200 tecken.'];
  const role = APP_ROLES.find((r) => r === form.role);
  if (!role) errors.role = ['Välj en roll.'];
  if (form.organIds.some((id) => !knownOrganIds.has(id))) errors.organIds = ['Ett av de valda organen finns inte i organisationen.'];
  else if (role === 'sekreterare' && form.organIds.length === 0) errors.organIds = ['Välj minst ett organ som nyckeln ska arbeta för.'];
  return { role, errors };
}

/** A user's newest invitation as the user list shows it: still waiting, gone out, or none (used or never). */
export function invitationState(inv: { usedAt: Date | null; expiresAt: Date } | undefined, now: Date): 'pending' | 'expired' | null {
  return inv && !inv.usedAt ? (inv.expiresAt > now ? 'pending' : 'expired') : null;
}

/** Why an invitation link cannot be used (in this order), or null when it can. */
export function invitationLinkState(
  inv: { usedAt: Date | null; expiresAt: Date },
  user: { disabled: boolean } | null,
  now: Date,
): 'unknown' | 'used' | 'expired' | null {
  if (!user || user.disabled) return 'unknown';
  if (inv.usedAt) return 'used';
  if (inv.expiresAt <= now) return 'expired';
  return null;
}
