import { checkIdToken, ClaimRules, mapClaims } from './claims';
import { IdentityError } from './identity-provider';
import { personalNumberKey } from './personal-number';

const rules: ClaimRules = {
  label: 'Freja eID',
  issuer: 'https://idp.example',
  clientId: 'justera',
  nameClaim: 'name',
  personalNumberClaim: 'personal_number',
  acrValues: [],
  algorithms: ['RS256', 'ES256'],
  skewSeconds: 60,
  maxAuthAgeSeconds: 600,
};
const now = new Date('2026-12-06T20:00:00Z');
const t = now.getTime() / 1000;
const good = {
  iss: 'https://idp.example',
  aud: 'justera',
  sub: 'u-1',
  nonce: 'n-1',
  iat: t - 5,
  exp: t + 300,
  auth_time: t - 30,
  acr: 'loa3',
  name: 'Anna Berg',
};
const key = personalNumberKey('k'.repeat(40));

function code(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof IdentityError ? err.code : `not an IdentityError: ${String(err)}`;
  }
}

describe(checkIdToken.name, () => {
  it('accepts a good token', () => {
    expect(code(() => checkIdToken({ alg: 'RS256' }, good, rules, 'n-1', now))).toBeUndefined();
  });

  it.each([
    ['unexpected_alg', { alg: 'HS256' }, {}],
    ['unexpected_alg', { alg: 'none' }, {}],
    ['unexpected_alg', {}, {}],
    ['wrong_issuer', { alg: 'RS256' }, { iss: 'https://evil.example' }],
    ['wrong_audience', { alg: 'RS256' }, { aud: 'someone-else' }],
    ['wrong_audience', { alg: 'RS256' }, { aud: ['justera', 'other'] }],
    ['nonce_mismatch', { alg: 'RS256' }, { nonce: 'n-2' }],
    ['nonce_mismatch', { alg: 'RS256' }, { nonce: undefined }],
    ['expired', { alg: 'RS256' }, { exp: t - 61 }],
    ['not_yet_valid', { alg: 'RS256' }, { nbf: t + 120 }],
    ['not_yet_valid', { alg: 'RS256' }, { iat: t + 3600 }],
    ['not_yet_valid', { alg: 'RS256' }, { auth_time: t + 3600 }],
    ['auth_too_old', { alg: 'RS256' }, { auth_time: t - 3600 }],
    ['missing_claim', { alg: 'RS256' }, { auth_time: undefined }],
    ['invalid_token', { alg: 'RS256' }, { exp: undefined }],
  ])('%s for header %j and claims %j', (expected, header, change) => {
    expect(code(() => checkIdToken(header, { ...good, ...change }, rules, 'n-1', now))).toBe(expected);
  });

  it('tolerates the configured skew', () => {
    expect(
      code(() => checkIdToken({ alg: 'ES256' }, { ...good, exp: t - 30, iat: t + 30, nbf: t + 30 }, rules, 'n-1', now)),
    ).toBeUndefined();
  });

  it('accepts several audiences when azp is the client', () => {
    expect(
      code(() => checkIdToken({ alg: 'RS256' }, { ...good, aud: ['justera', 'x'], azp: 'justera' }, rules, 'n-1', now)),
    ).toBeUndefined();
  });

  it('requires one of the acr values when configured', () => {
    const r = { ...rules, acrValues: ['http://id.elegnamnden.se/loa/1.0/loa3', 'loa3'] };
    expect(code(() => checkIdToken({ alg: 'RS256' }, good, r, 'n-1', now))).toBeUndefined();
    expect(code(() => checkIdToken({ alg: 'RS256' }, { ...good, acr: 'loa2' }, r, 'n-1', now))).toBe('acr_not_met');
    expect(code(() => checkIdToken({ alg: 'RS256' }, { ...good, acr: undefined }, r, 'n-1', now))).toBe('acr_not_met');
  });
});

describe(mapClaims.name, () => {
  it('maps name, provider, iss, sub, auth_time and acr, and hashes the personal number', () => {
    const id = mapClaims({ ...good, given_name: 'Anna', family_name: 'Berg', personal_number: '198112189876' }, rules, key);
    expect(id).toEqual({
      provider: 'Freja eID',
      iss: 'https://idp.example',
      sub: 'u-1',
      name: 'Anna Berg',
      givenName: 'Anna',
      familyName: 'Berg',
      personalNumberHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      authTime: new Date((t - 30) * 1000),
      acr: 'loa3',
    });
    expect(JSON.stringify(id)).not.toContain('198112189876');
  });

  it('reads the configured name claim, else given_name + family_name', () => {
    expect(
      mapClaims({ ...good, name: undefined, displayName: 'Karl Erik Svensson' }, { ...rules, nameClaim: 'displayName' }, key).name,
    ).toBe('Karl Erik Svensson');
    expect(mapClaims({ ...good, name: undefined, given_name: 'Per', family_name: 'Olsson' }, rules, key).name).toBe('Per Olsson');
  });

  it('needs a sub and a name', () => {
    expect(code(() => mapClaims({ ...good, sub: undefined }, rules, key))).toBe('missing_claim');
    expect(code(() => mapClaims({ ...good, name: undefined }, rules, key))).toBe('missing_claim');
    expect(code(() => mapClaims({ ...good, name: 'x'.repeat(201) }, rules, key))).toBe('invalid_token');
  });

  it('leaves the hash out when no number is configured or given', () => {
    expect(mapClaims(good, rules, key).personalNumberHash).toBeUndefined();
    expect(
      mapClaims({ ...good, personal_number: '198112189876' }, { ...rules, personalNumberClaim: undefined }, key).personalNumberHash,
    ).toBeUndefined();
    expect(mapClaims(good, rules, key).authTime).toEqual(new Date((t - 30) * 1000));
    expect(mapClaims({ ...good, auth_time: undefined, acr: undefined }, rules, key)).toMatchObject({ authTime: null, acr: null });
  });
});
