import { mapClaims } from './claims';
import { matchStaffUser, staffLoginKey } from './staff';

const rules = {
  label: 'Kommunens inloggning',
  issuer: 'https://idp.example',
  clientId: 'justera-staff',
  nameClaim: 'name',
  acrValues: [],
  algorithms: ['RS256'],
  skewSeconds: 60,
  maxAuthAgeSeconds: 0,
  extraClaims: ['email', 'email_verified', 'preferred_username'],
};
const identity = (claims: Record<string, unknown>) =>
  mapClaims({ iss: rules.issuer, sub: 's1', name: 'Anna Berg', ...claims }, rules, Buffer.alloc(32));

describe('staff single sign-on: claim → login key', () => {
  it('hands back only the extra claims asked for, never the personal number', () => {
    const id = mapClaims(
      { iss: rules.issuer, sub: 's1', name: 'Anna Berg', email: 'a@k.se', email_verified: true, pnr: '197001019876', groups: ['x'] },
      { ...rules, personalNumberClaim: 'pnr', extraClaims: ['email', 'email_verified', 'pnr'] },
      Buffer.alloc(32),
    );
    expect(id.extra).toEqual({ email: 'a@k.se', email_verified: true });
  });

  it('takes a verified e-mail, normalised', () => {
    expect(staffLoginKey(identity({ email: ' Anna.Berg@Kommun.SE ', email_verified: true }), 'email')).toEqual({
      ok: true,
      email: 'anna.berg@kommun.se',
    });
    expect(staffLoginKey(identity({ email: 'a@k.se', email_verified: 'true' }), 'email')).toEqual({ ok: true, email: 'a@k.se' });
  });

  it('refuses an e-mail the provider has not verified', () => {
    for (const v of [false, undefined, 'false', 1])
      expect(staffLoginKey(identity({ email: 'a@k.se', email_verified: v }), 'email')).toMatchObject({
        ok: false,
        reason: 'email_not_verified',
      });
  });

  it('refuses a missing or malformed claim', () => {
    expect(staffLoginKey(identity({}), 'email')).toMatchObject({ ok: false, reason: 'missing_claim' });
    expect(staffLoginKey(identity({ email: 'anna', email_verified: true }), 'email')).toMatchObject({ ok: false, reason: 'missing_claim' });
    expect(staffLoginKey(identity({ email: ['a@k.se'], email_verified: true }), 'email')).toMatchObject({
      ok: false,
      reason: 'missing_claim',
    });
    expect(staffLoginKey({}, 'email')).toMatchObject({ ok: false, reason: 'missing_claim' });
  });

  it('takes a configured directory claim as it is (no email_verified needed)', () => {
    expect(staffLoginKey(identity({ preferred_username: 'Anna.Berg@kommun.se' }), 'preferred_username')).toEqual({
      ok: true,
      email: 'anna.berg@kommun.se',
    });
    // ...and then the email claim does not count.
    expect(staffLoginKey(identity({ email: 'a@k.se', email_verified: true }), 'preferred_username')).toMatchObject({
      ok: false,
      reason: 'missing_claim',
    });
  });
});

describe('staff single sign-on: login key → Justera user', () => {
  const user = { id: 'u1', email: 'anna.berg@kommun.se', disabled: false };
  it('matches the user with that address', () => {
    expect(matchStaffUser('anna.berg@kommun.se', user)).toEqual({ ok: true, user });
  });
  it('refuses an address without a user (no account is created)', () => {
    expect(matchStaffUser('okand@kommun.se', null)).toMatchObject({ ok: false, reason: 'unknown_account' });
    expect(matchStaffUser('okand@kommun.se', user)).toMatchObject({ ok: false, reason: 'unknown_account' });
  });
  it('refuses a deactivated user', () => {
    expect(matchStaffUser('anna.berg@kommun.se', { ...user, disabled: true })).toMatchObject({ ok: false, reason: 'disabled' });
  });
});
