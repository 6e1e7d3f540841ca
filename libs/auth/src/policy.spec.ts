import fc from 'fast-check';
import { ACTIONS, ROLES, authorize, roleMay, visibleOrganIds, type Action, type Principal, type ResourceScope, type Role } from './policy';

const ORG = 'org-sundsvall';
const OTHER_ORG = 'org-timra';
const MY_ORGAN = 'organ-ks';
const OTHER_ORGAN = 'organ-bun';

const principal = (role: Role): Principal => ({
  userId: `user-${role}`,
  organisationId: ORG,
  role,
  organIds: role === 'sekreterare' ? [MY_ORGAN, 'organ-ksau'] : [],
});

const SCOPES: Record<string, ResourceScope> = {
  'own organ': { organisationId: ORG, organId: MY_ORGAN },
  'other organ': { organisationId: ORG, organId: OTHER_ORGAN },
  'organisation level': { organisationId: ORG },
  // The organ id is one the sekreterare serves, to prove the organisation check comes first.
  'other organisation': { organisationId: OTHER_ORG, organId: MY_ORGAN },
};

/**
 * The expected policy, written out by hand (not derived from POLICY): one row per role and action,
 * one letter per scope in the order of SCOPES. A = allowed, F = 403 forbidden, N = 404 not found.
 */
const EXPECTED = `
admin        protocol.read       A A A N
admin        protocol.write      A A A N
admin        justering.manage    A A A N
admin        evidence.read       A A A N
admin        validation.run      A A A N
admin        organisation.admin  A A A N
admin        users.manage        A A A N
admin        apikeys.manage      A A A N
admin        board.manage        A A A N
sekreterare  protocol.read       A F F N
sekreterare  protocol.write      A F F N
sekreterare  justering.manage    A F F N
sekreterare  evidence.read       A F F N
sekreterare  validation.run      A A A N
sekreterare  organisation.admin  F F F N
sekreterare  users.manage        F F F N
sekreterare  apikeys.manage      F F F N
sekreterare  board.manage        F F F N
revisor      protocol.read       A A A N
revisor      protocol.write      F F F N
revisor      justering.manage    F F F N
revisor      evidence.read       A A A N
revisor      validation.run      A A A N
revisor      organisation.admin  F F F N
revisor      users.manage        F F F N
revisor      apikeys.manage      F F F N
revisor      board.manage        F F F N
`
  .trim()
  .split('\n')
  .map((line) => line.trim().split(/\s+/));

const CASES = EXPECTED.flatMap(([role, action, ...letters]) =>
  Object.keys(SCOPES).map((scope, i) => [role as Role, action as Action, scope, letters[i]] as const),
);

describe(authorize.name, () => {
  it('has an expectation for every role × action × scope', () => {
    const seen = new Set(CASES.map(([r, a, s]) => `${r}|${a}|${s}`));
    expect(seen.size).toBe(ROLES.length * ACTIONS.length * Object.keys(SCOPES).length);
    for (const r of ROLES) for (const a of ACTIONS) for (const s of Object.keys(SCOPES)) expect(seen.has(`${r}|${a}|${s}`)).toBe(true);
  });

  it.each(CASES)('%s %s on %s -> %s', (role, action, scope, letter) => {
    const d = authorize(principal(role), action, SCOPES[scope]);
    if (letter === 'A') {
      expect(d).toEqual({ allowed: true });
    } else {
      expect(d.allowed).toBe(false);
      if (!d.allowed) {
        expect(d.status).toBe(letter === 'N' ? 404 : 403);
        expect(d.reason).toEqual(expect.any(String));
      }
    }
  });

  it('answers 404 for any other organisation, whatever the role, action and organs (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        fc.constantFrom(...ACTIONS),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.option(fc.string({ minLength: 1 })),
        (role, action, mine, theirs, organId) => {
          fc.pre(mine !== theirs);
          const p: Principal = { userId: 'u', organisationId: mine, role, organIds: organId ? [organId] : [] };
          const d = authorize(p, action, { organisationId: theirs, organId });
          return !d.allowed && d.status === 404;
        },
      ),
    );
  });

  it('denies a sekreterare with no organs everything organ-scoped', () => {
    const p: Principal = { ...principal('sekreterare'), organIds: [] };
    expect(authorize(p, 'protocol.read', SCOPES['own organ'])).toMatchObject({ allowed: false, status: 403 });
  });

  it('fails closed on malformed principals, actions and resources', () => {
    const admin = principal('admin');
    const deny403 = { allowed: false, status: 403 };
    expect(authorize({ ...admin, role: 'superuser' as Role }, 'protocol.read', SCOPES['own organ'])).toMatchObject(deny403);
    expect(authorize({ ...admin, role: 'Admin' as Role }, 'protocol.read', SCOPES['own organ'])).toMatchObject(deny403);
    expect(authorize({ ...admin, organisationId: '' }, 'protocol.read', { organisationId: '' })).toMatchObject(deny403);
    expect(authorize({ ...admin, userId: '' }, 'protocol.read', SCOPES['own organ'])).toMatchObject(deny403);
    expect(authorize(null as unknown as Principal, 'protocol.read', SCOPES['own organ'])).toMatchObject(deny403);
    expect(authorize(admin, 'protocol.delete' as Action, SCOPES['own organ'])).toMatchObject(deny403);
    expect(authorize(admin, 'protocol.read', { organisationId: '' })).toMatchObject({ allowed: false, status: 404 });
    expect(authorize(admin, 'protocol.read', null as unknown as ResourceScope)).toMatchObject({ allowed: false, status: 404 });
    const sek = { ...principal('sekreterare'), organIds: undefined as unknown as string[] };
    expect(authorize(sek, 'protocol.read', SCOPES['own organ'])).toMatchObject(deny403);
    expect(authorize(principal('sekreterare'), 'protocol.read', { organisationId: ORG, organId: '' })).toMatchObject(deny403);
  });

  it('does not let a hostile role string reach Object.prototype', () => {
    const p = { ...principal('admin'), role: 'constructor' as Role };
    expect(authorize(p, 'protocol.read', SCOPES['own organ'])).toMatchObject({ allowed: false, status: 403 });
    const q = { ...principal('admin'), role: '__proto__' as Role };
    expect(authorize(q, 'protocol.read', SCOPES['own organ'])).toMatchObject({ allowed: false, status: 403 });
  });
});

describe(visibleOrganIds.name, () => {
  it.each([
    ['admin', 'protocol.read', 'all'],
    ['revisor', 'protocol.read', 'all'],
    ['sekreterare', 'protocol.read', [MY_ORGAN, 'organ-ksau']],
    ['sekreterare', 'validation.run', 'all'],
    ['sekreterare', 'users.manage', []],
    ['revisor', 'protocol.write', []],
  ] as const)('%s %s -> %j', (role, action, expected) => {
    expect(visibleOrganIds(principal(role), action)).toEqual(expected);
  });

  it('returns a copy, not the principal’s own array', () => {
    const p = principal('sekreterare');
    const v = visibleOrganIds(p, 'protocol.read');
    expect(v).not.toBe(p.organIds);
  });
});

describe(roleMay.name, () => {
  it('tells a role that lacks an action from one that only lacks the organ', () => {
    expect(roleMay('sekreterare', 'protocol.write')).toBe(true);
    expect(roleMay('sekreterare', 'users.manage')).toBe(false);
    expect(roleMay('revisor', 'evidence.read')).toBe(true);
    expect(roleMay('revisor', 'justering.manage')).toBe(false);
    expect(roleMay('nobody' as Role, 'protocol.read')).toBe(false);
  });
});
