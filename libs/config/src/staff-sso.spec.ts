import { ConfigError, loadConfig } from './config';

const base = { JUSTERA_SECRET: 's'.repeat(40), JUSTERA_DATA_DIR: '/tmp/justera-config-staff-sso-spec' };
const sso = {
  JUSTERA_SSO_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
  JUSTERA_SSO_CLIENT_ID: 'staff',
  JUSTERA_SSO_CLIENT_SECRET: 'staff-secret',
};

describe('AppConfig staffSso', () => {
  it('is absent without an issuer, and separate from the signer e-legitimation', () => {
    expect(loadConfig(base).staffSso).toBeUndefined();
    const c = loadConfig({
      ...base,
      JUSTERA_OIDC_ISSUER: 'https://broker.example',
      JUSTERA_OIDC_CLIENT_ID: 'a',
      JUSTERA_OIDC_CLIENT_SECRET: 'b',
    });
    expect(c.staffSso).toBeUndefined();
    expect(loadConfig({ ...base, ...sso }).oidc).toBeUndefined();
  });

  it('reads its own variables with staff defaults', () => {
    expect(loadConfig({ ...base, ...sso }).staffSso).toMatchObject({
      issuer: 'https://login.microsoftonline.com/tenant/v2.0',
      clientId: 'staff',
      clientSecret: 'staff-secret',
      scopes: 'openid profile email',
      maxAuthAgeSeconds: 0,
      label: 'organisationens inloggning',
      matchClaim: 'email',
      acrValues: [],
    });
    expect(
      loadConfig({ ...base, ...sso, JUSTERA_SSO_MATCH_CLAIM: 'preferred_username', JUSTERA_SSO_SCOPES: 'openid profile' }).staffSso,
    ).toMatchObject({
      matchClaim: 'preferred_username',
      scopes: 'openid profile',
    });
  });

  it('refuses what it cannot use, naming the staff variables', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ ...base, ...env });
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    expect(problems({ JUSTERA_SSO_CLIENT_ID: 'x' })).toEqual([expect.stringContaining('JUSTERA_SSO_ISSUER is required')]);
    expect(problems({ ...sso, JUSTERA_SSO_CLIENT_SECRET: '' })).toEqual([expect.stringContaining('JUSTERA_SSO_CLIENT_SECRET is required')]);
    expect(problems({ ...sso, JUSTERA_SSO_ISSUER: 'http://idp.example' })).toEqual([
      expect.stringContaining('JUSTERA_SSO_ISSUER must be https://'),
    ]);
    expect(problems({ ...sso, JUSTERA_SSO_ID_TOKEN_ALGS: 'HS256' })).toEqual([expect.stringContaining('JUSTERA_SSO_ID_TOKEN_ALGS')]);
    expect(problems({ ...sso, JUSTERA_SSO_MATCH_CLAIM: 'bad claim' })).toEqual(['JUSTERA_SSO_MATCH_CLAIM is not a claim name']);
  });
});
