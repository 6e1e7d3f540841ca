import { loadConfig } from './config';

const base = { JUSTERA_SECRET: 's'.repeat(40), JUSTERA_DATA_DIR: '/tmp/justera-config-identity-spec' };

describe('AppConfig oidc', () => {
  it('is absent without an issuer', () => {
    expect(loadConfig(base).oidc).toBeUndefined();
  });

  it('reads and defaults every variable', () => {
    const c = loadConfig({
      ...base,
      JUSTERA_OIDC_ISSUER: 'https://broker.example/oidc',
      JUSTERA_OIDC_CLIENT_ID: 'justera',
      JUSTERA_OIDC_CLIENT_SECRET: 'very-secret',
      JUSTERA_OIDC_PNR_CLAIM: 'https://claims.oidc.se/1.0/personalNumber',
      JUSTERA_OIDC_ACR_VALUES: 'http://id.elegnamnden.se/loa/1.0/loa3, loa3',
      JUSTERA_OIDC_PROVIDER_LABEL: 'Freja eID',
    }).oidc!;
    expect(c).toMatchObject({
      issuer: 'https://broker.example/oidc',
      clientId: 'justera',
      clientSecret: 'very-secret',
      scopes: 'openid profile',
      nameClaim: 'name',
      personalNumberClaim: 'https://claims.oidc.se/1.0/personalNumber',
      acrValues: ['http://id.elegnamnden.se/loa/1.0/loa3', 'loa3'],
      label: 'Freja eID',
      algorithms: ['RS256', 'PS256', 'ES256'],
      timeoutMs: 10_000,
      skewSeconds: 60,
      maxAuthAgeSeconds: 600,
      allowHttp: false,
    });
    expect(
      loadConfig({
        ...base,
        JUSTERA_OIDC_ISSUER: 'https://idp.example',
        JUSTERA_OIDC_CLIENT_ID: 'a',
        JUSTERA_OIDC_CLIENT_SECRET: 'b',
        JUSTERA_OIDC_SCOPES: 'profile',
      }).oidc,
    ).toMatchObject({
      scopes: 'openid profile',
      label: 'idp.example',
    });
  });

  it('refuses what cannot work or is unsafe, naming the variable', () => {
    expect(() => loadConfig({ ...base, JUSTERA_OIDC_CLIENT_ID: 'a' })).toThrow(
      /JUSTERA_OIDC_ISSUER is required with JUSTERA_OIDC_CLIENT_ID/,
    );
    expect(() => loadConfig({ ...base, JUSTERA_OIDC_ISSUER: 'https://idp.example' })).toThrow(
      /JUSTERA_OIDC_CLIENT_ID is required[\s\S]*JUSTERA_OIDC_CLIENT_SECRET is required/,
    );
    const ok = { ...base, JUSTERA_OIDC_CLIENT_ID: 'a', JUSTERA_OIDC_CLIENT_SECRET: 'b' };
    expect(() => loadConfig({ ...ok, JUSTERA_OIDC_ISSUER: 'http://idp.example' })).toThrow(/must be https/);
    expect(loadConfig({ ...ok, JUSTERA_OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc!.allowHttp).toBe(true);
    expect(() => loadConfig({ ...ok, NODE_ENV: 'production', JUSTERA_OIDC_ISSUER: 'http://127.0.0.1:4000' })).toThrow(/must be https/);
    expect(() => loadConfig({ ...ok, JUSTERA_OIDC_ISSUER: 'https://idp.example', JUSTERA_OIDC_ID_TOKEN_ALGS: 'RS256,HS256' })).toThrow(
      /"HS256" is not accepted/,
    );
    expect(() => loadConfig({ ...ok, JUSTERA_OIDC_ISSUER: 'https://idp.example', JUSTERA_OIDC_ID_TOKEN_ALGS: 'none' })).toThrow(
      /"none" is not accepted/,
    );
    expect(() => loadConfig({ ...ok, JUSTERA_OIDC_ISSUER: 'https://idp.example', JUSTERA_OIDC_TIMEOUT_MS: 'fast' })).toThrow(
      /JUSTERA_OIDC_TIMEOUT_MS must be a whole number/,
    );
    expect(() => loadConfig({ ...ok, JUSTERA_OIDC_ISSUER: 'https://idp.example', JUSTERA_OIDC_NAME_CLAIM: 'a b' })).toThrow(
      /JUSTERA_OIDC_NAME_CLAIM is not a claim name/,
    );
  });

  it('never puts the client secret in an error message', () => {
    try {
      loadConfig({
        ...base,
        JUSTERA_OIDC_ISSUER: 'http://idp.example',
        JUSTERA_OIDC_CLIENT_ID: 'a',
        JUSTERA_OIDC_CLIENT_SECRET: 'hush-hush',
      });
      throw new Error('no error');
    } catch (err) {
      expect(String(err)).not.toContain('hush-hush');
    }
  });
});
