import { DomainError } from '@justera/application';
import type { FieldIssue } from './admin-audit';
import {
  apiKeyFormIssues,
  apiKeyOrganIds,
  checkIdentityLevel,
  invitationLinkState,
  invitationState,
  inviteeIssues,
  isActiveAdminOf,
  ownRoleIssue,
  passwordLoginRefusal,
  roleAndOrgans,
} from './admin-rules';

const ORG = 'org-1';
const KNOWN = new Set(['o1', 'o2']);

describe(inviteeIssues.name, () => {
  it('takes the address in lower case and the name trimmed', () => {
    const issues: FieldIssue[] = [];
    expect(inviteeIssues({ email: ' Anna.Berg@Kommun.SE ', name: ' Anna Berg ' }, issues)).toEqual({
      email: 'anna.berg@kommun.se',
      name: 'Anna Berg',
    });
    expect(issues).toEqual([]);
  });

  it.each([
    [{ email: '', name: 'A' }, 'email', 'Skriv personens e-postadress.'],
    [{ email: 'anna', name: 'A' }, 'email', 'Skriv en giltig e-postadress, till exempel anna.berg@kommun.se.'],
    [{ email: `${'a'.repeat(250)}@k.se`, name: 'A' }, 'email', 'Skriv en giltig e-postadress, till exempel anna.berg@kommun.se.'],
    [{ email: 'a@k.se', name: '  ' }, 'name', 'Skriv personens namn.'],
    [{ email: 'a@k.se', name: 'x'.repeat(201) }, 'name', 'Namnet får vara högst 200 tecken.'],
  ])('%j: %s', (input, path, message) => {
    const issues: FieldIssue[] = [];
    inviteeIssues(input, issues);
    expect(issues).toEqual([{ path, message }]);
  });
});

describe(roleAndOrgans.name, () => {
  const check = (input: Parameters<typeof roleAndOrgans>[0]) => {
    const issues: FieldIssue[] = [];
    return { ...roleAndOrgans(input, KNOWN, issues), issues };
  };

  it('a sekreterare serves the organs ticked, each once', () => {
    expect(check({ role: 'sekreterare', organIds: ['o1', 'o2', 'o1'] })).toEqual({
      role: 'sekreterare',
      organIds: ['o1', 'o2'],
      issues: [],
    });
  });

  it('a sekreterare without an organ is refused', () => {
    expect(check({ role: 'sekreterare', organIds: [] }).issues).toEqual([
      { path: 'organIds', message: 'Välj minst ett organ som sekreteraren ska arbeta för.' },
    ]);
  });

  it.each(['admin', 'revisor'] as const)('an %s serves the whole organisation: the organs ticked are dropped', (role) => {
    expect(check({ role, organIds: ['o1'] })).toEqual({ role, organIds: [], issues: [] });
  });

  it('an unknown role or another organisation’s organ is named', () => {
    expect(check({ role: 'superuser', organIds: ['o9'] }).issues).toEqual([
      { path: 'role', message: 'Välj en roll.' },
      { path: 'organIds', message: 'Ett av de valda organen finns inte i organisationen.' },
    ]);
  });

  it('at most 200 organs', () => {
    const many = Array.from({ length: 201 }, (_, i) => `x${i}`);
    expect(check({ role: 'admin', organIds: many }).issues[0]).toEqual({ path: 'organIds', message: 'Högst 200 organ.' });
  });
});

describe(ownRoleIssue.name, () => {
  it('an admin cannot take away their own admin role, only someone else’s', () => {
    expect(ownRoleIssue(true, 'sekreterare')).toEqual({ path: 'role', message: 'Du kan inte ta bort din egen administratörsroll.' });
    expect(ownRoleIssue(true, 'admin')).toBeNull();
    expect(ownRoleIssue(false, 'revisor')).toBeNull();
  });
});

describe(passwordLoginRefusal.name, () => {
  it('turning it on is always allowed', () => {
    expect(passwordLoginRefusal({ passwordLogin: true, singleSignOn: false, ssoAdmin: false })).toBeNull();
  });

  it('off needs single sign-on configured', () => {
    const r = passwordLoginRefusal({ passwordLogin: false, singleSignOn: false });
    expect(r).toBeInstanceOf(DomainError);
    expect(r?.code).toBe('conflict');
    expect(r?.message).toContain('single sign-on');
  });

  it('off needs an active admin who has logged in with single sign-on', () => {
    expect(passwordLoginRefusal({ passwordLogin: false, singleSignOn: true })).toBeNull(); // not known yet
    expect(passwordLoginRefusal({ passwordLogin: false, singleSignOn: true, ssoAdmin: false })?.message).toContain(
      'förrän minst en aktiv administratör',
    );
    expect(passwordLoginRefusal({ passwordLogin: false, singleSignOn: true, ssoAdmin: true })).toBeNull();
  });
});

describe(isActiveAdminOf.name, () => {
  it.each([
    [{ organisationId: ORG, role: 'admin' as const, disabled: false }, true],
    [{ organisationId: ORG, role: 'admin' as const, disabled: true }, false],
    [{ organisationId: ORG, role: 'sekreterare' as const, disabled: false }, false],
    [{ organisationId: 'other', role: 'admin' as const, disabled: false }, false],
    [null, false],
  ])('%j: %s', (user, expected) => {
    expect(isActiveAdminOf(ORG, user)).toBe(expected);
  });
});

describe(checkIdentityLevel.name, () => {
  it('e-legitimation only where it is configured', () => {
    expect(() => checkIdentityLevel('e-legitimation', false)).toThrow(expect.objectContaining({ code: 'identity_unavailable' }));
    expect(() => checkIdentityLevel('e-legitimation', true)).not.toThrow();
    expect(() => checkIdentityLevel('e-postlank', false)).not.toThrow();
    expect(() => checkIdentityLevel(undefined, false)).not.toThrow();
  });
});

describe('API key scope', () => {
  it('a sekreterare key acts for its organs, an admin or revisor key for the whole organisation', () => {
    expect(apiKeyOrganIds('sekreterare', ['o1'])).toEqual(['o1']);
    expect(apiKeyOrganIds('admin', ['o1'])).toEqual([]);
    expect(apiKeyOrganIds('revisor', ['o1'])).toEqual([]);
  });

  it('the form names each field’s problem', () => {
    expect(apiKeyFormIssues({ name: 'Ärendesystemet', role: 'sekreterare', organIds: ['o1'] }, KNOWN)).toEqual({
      role: 'sekreterare',
      errors: {},
    });
    expect(apiKeyFormIssues({ name: '', role: 'x', organIds: [] }, KNOWN)).toEqual({
      role: undefined,
      errors: { name: ['Skriv vad nyckeln ska användas till.'], role: ['Välj en roll.'] },
    });
    expect(apiKeyFormIssues({ name: 'n'.repeat(201), role: 'sekreterare', organIds: [] }, KNOWN).errors).toEqual({
      name: ['Namnet får vara högst 200 tecken.'],
      organIds: ['Välj minst ett organ som nyckeln ska arbeta för.'],
    });
    expect(apiKeyFormIssues({ name: 'n', role: 'admin', organIds: ['o9'] }, KNOWN).errors).toEqual({
      organIds: ['Ett av de valda organen finns inte i organisationen.'],
    });
  });
});

describe('invitations', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const later = new Date('2026-12-08T12:00:00Z');
  const earlier = new Date('2026-12-06T12:00:00Z');

  it('the user list: waiting, gone out, or none', () => {
    expect(invitationState({ usedAt: null, expiresAt: later }, now)).toBe('pending');
    expect(invitationState({ usedAt: null, expiresAt: earlier }, now)).toBe('expired');
    expect(invitationState({ usedAt: earlier, expiresAt: later }, now)).toBeNull();
    expect(invitationState(undefined, now)).toBeNull();
  });

  it('a link: a deactivated or missing user first, then used, then expired (at its very second)', () => {
    const open = { usedAt: null, expiresAt: later };
    expect(invitationLinkState(open, { disabled: false }, now)).toBeNull();
    expect(invitationLinkState({ usedAt: earlier, expiresAt: earlier }, { disabled: true }, now)).toBe('unknown');
    expect(invitationLinkState(open, null, now)).toBe('unknown');
    expect(invitationLinkState({ usedAt: earlier, expiresAt: earlier }, { disabled: false }, now)).toBe('used');
    expect(invitationLinkState({ usedAt: null, expiresAt: now }, { disabled: false }, now)).toBe('expired');
  });
});
