/**
 * Roles and the access policy. Pure: the guards on the Nest side build a `Principal` from the
 * session or API key, load the resource's organisation (and organ, if it has one), and ask
 * `authorize`. They turn a denial into the HTTP status it carries.
 *
 * Order of checks, and why:
 * 1. Another organisation's resource → 404, whatever the role: a user must not learn that a
 *    protocol id exists in another municipality.
 * 2. The role does not include the action at all → 403.
 * 3. The action is organ-scoped for this role and the resource's organ is not one the principal
 *    serves → 403 (the organ is in the user's own organisation, hiding it gains nothing and a clear
 *    "not yours" helps the secretary).
 * Anything malformed (unknown role, unknown action, missing ids) is denied: fail closed.
 */

export const ROLES = ['admin', 'sekreterare', 'revisor'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'protocol.read',
  'protocol.write',
  'justering.manage',
  'evidence.read',
  'validation.run',
  'organisation.admin',
  'users.manage',
  'apikeys.manage',
  'board.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Principal {
  userId: string;
  organisationId: string;
  role: Role;
  /** The organs (nämnder, styrelser …) a sekreterare serves. Ignored for admin and revisor. */
  organIds: readonly string[];
}

export interface ResourceScope {
  organisationId: string;
  /** The organ the resource belongs to; absent for organisation-level resources (users, boards …). */
  organId?: string | null;
}

export type Decision =
  | { allowed: true }
  | { allowed: false; status: 403 | 404; reason: string };

/** How far a role's permission for an action reaches. */
export type Reach = 'organisation' | 'own-organs';

/**
 * The policy table: for each role, the actions it may take and how far. An action missing from a
 * role's row is forbidden for that role. docs/security.md shows the same table in prose.
 */
export const POLICY: Readonly<Record<Role, Readonly<Partial<Record<Action, Reach>>>>> = Object.freeze({
  admin: Object.freeze(Object.fromEntries(ACTIONS.map((a) => [a, 'organisation' as const]))),
  sekreterare: Object.freeze({
    'protocol.read': 'own-organs',
    'protocol.write': 'own-organs',
    'justering.manage': 'own-organs',
    'evidence.read': 'own-organs',
    // Validating a PDF changes nothing and the public validation page offers it to anyone.
    'validation.run': 'organisation',
  }),
  revisor: Object.freeze({
    'protocol.read': 'organisation',
    'evidence.read': 'organisation',
    'validation.run': 'organisation',
  }),
});

const ALLOW: Decision = Object.freeze({ allowed: true });

function deny(status: 403 | 404, reason: string): Decision {
  return { allowed: false, status, reason };
}

function isNonEmpty(s: unknown): s is string {
  return typeof s === 'string' && s !== '';
}

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

export function isAction(x: unknown): x is Action {
  return typeof x === 'string' && (ACTIONS as readonly string[]).includes(x);
}

export function authorize(principal: Principal, action: Action, resource: ResourceScope): Decision {
  if (!principal || !isNonEmpty(principal.userId) || !isNonEmpty(principal.organisationId) || !isRole(principal.role)) {
    return deny(403, 'invalid principal');
  }
  if (!isAction(action)) return deny(403, 'unknown action');
  if (!resource || !isNonEmpty(resource.organisationId)) return deny(404, 'resource has no organisation');
  if (resource.organisationId !== principal.organisationId) return deny(404, 'resource belongs to another organisation');

  const reach = POLICY[principal.role][action];
  if (!reach) return deny(403, `role ${principal.role} may not ${action}`);
  if (reach === 'organisation') return ALLOW;

  // reach === 'own-organs'
  const organId = resource.organId;
  if (!isNonEmpty(organId)) return deny(403, `${action} needs an organ the ${principal.role} serves`);
  const organs = Array.isArray(principal.organIds) ? principal.organIds : [];
  if (!organs.includes(organId)) return deny(403, `organ ${organId} is not served by this ${principal.role}`);
  return ALLOW;
}

/**
 * For list queries: which organs' resources the principal may see for `action` within its own
 * organisation. 'all' means no organ filter; [] means nothing (the list endpoint should answer 403
 * if the role lacks the action entirely — use `roleMay` to tell the two apart).
 */
export function visibleOrganIds(principal: Principal, action: Action): 'all' | string[] {
  if (!isRole(principal?.role) || !isAction(action)) return [];
  const reach = POLICY[principal.role][action];
  if (reach === 'organisation') return 'all';
  if (reach === 'own-organs') return [...(Array.isArray(principal.organIds) ? principal.organIds : [])];
  return [];
}

/** True when the role may take the action on at least some resources of its organisation. */
export function roleMay(role: Role, action: Action): boolean {
  return isRole(role) && isAction(action) && POLICY[role][action] !== undefined;
}
