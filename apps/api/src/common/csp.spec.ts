import type { Request, Response } from 'express';
import { providerOrigins, securityHeaders } from './csp';

/** The Content-Security-Policy header the middleware sets for `path`. */
function cspFor(path: string, https: boolean, formActionOrigins?: string[]): string {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (k: string, v: string) => headers.set(k.toLowerCase(), String(v)),
    removeHeader: () => undefined,
    getHeader: (k: string) => headers.get(k.toLowerCase()),
  } as unknown as Response;
  let called = false;
  securityHeaders({ https, formActionOrigins })({ path, headers: {}, method: 'GET' } as unknown as Request, res, () => {
    called = true;
  });
  expect(called).toBe(true);
  return headers.get('content-security-policy') ?? '';
}

describe(securityHeaders.name, () => {
  it('allows no script on the pages and scripts from this origin only on the Swagger UI page', () => {
    expect(cspFor('/justering', false)).toContain("script-src 'none'");
    expect(cspFor('/api/docs', false)).toContain("script-src 'self'");
    expect(cspFor('/api/docs/openapi.json', false)).toContain("script-src 'none'");
  });

  it("lets one protocol's dashboard page load scripts from this origin (its live status), nothing inline", () => {
    const id = '2b0d3c4e-5f60-4a1b-8c2d-3e4f5a6b7c8d';
    expect(cspFor(`/justering/${id}`, false)).toContain("script-src 'self'");
    expect(cspFor(`/justering/${id}`, false)).toContain("script-src-attr 'none'");
    expect(cspFor(`/justering/${id}`, false)).toContain("connect-src 'self'");
    expect(cspFor(`/justering/${id}`, false)).not.toContain('unsafe-inline');
    // Its forms' targets and the cancel page stay script-free.
    expect(cspFor(`/justering/${id}/rounds/${id}/avbryt`, false)).toContain("script-src 'none'");
    expect(cspFor(`/justering/${id}/start`, false)).toContain("script-src 'none'");
    for (const p of ['/login', '/api/docs']) {
      const scriptSrc = cspFor(p, true)
        .split(';')
        .find((d) => d.trim().startsWith('script-src '));
      expect(scriptSrc).toBeDefined();
      expect(scriptSrc).not.toContain('unsafe-inline');
    }
  });

  it('allows styles from this origin only on the pages (one served stylesheet), inline ones on the Swagger UI page', () => {
    const styleSrc = (path: string) =>
      cspFor(path, false)
        .split(';')
        .find((d) => d.trim().startsWith('style-src '))
        ?.trim();
    expect(styleSrc('/justering')).toBe("style-src 'self'");
    expect(styleSrc('/anslagstavla/x')).toBe("style-src 'self'");
    expect(styleSrc('/api/docs')).toBe("style-src 'self' 'unsafe-inline'");
  });

  it('asks browsers to upgrade to https only when the service is published over https', () => {
    expect(cspFor('/login', true)).toContain('upgrade-insecure-requests');
    expect(cspFor('/login', false)).not.toContain('upgrade-insecure-requests');
  });
});

describe('Strict-Transport-Security', () => {
  const hsts = (https: boolean) => {
    const headers = new Map<string, string>();
    const res = {
      setHeader: (k: string, v: string) => headers.set(k.toLowerCase(), String(v)),
      removeHeader: () => undefined,
      getHeader: (k: string) => headers.get(k.toLowerCase()),
    } as unknown as Response;
    securityHeaders({ https })({ path: '/login', headers: {}, method: 'GET' } as unknown as Request, res, () => undefined);
    return headers.get('strict-transport-security');
  };
  it('is sent only when the service is published over https', () => {
    expect(hsts(true)).toMatch(/max-age=\d+/);
    expect(hsts(false)).toBeUndefined();
  });

  it('lets forms go on to the staff single sign-on provider only when one is configured', () => {
    const formAction = (origins?: string[]) =>
      cspFor('/login', false, origins)
        .split(';')
        .find((d) => d.trim().startsWith('form-action '))
        ?.trim();
    expect(formAction()).toBe("form-action 'self'");
    expect(formAction(['https://login.microsoftonline.com'])).toBe("form-action 'self' https://login.microsoftonline.com");
  });

  it("lets forms end at the staff SSO provider and the signers' e-legitimation provider (their origins, once each)", () => {
    expect(providerOrigins([undefined, null])).toEqual([]);
    expect(providerOrigins(['https://login.microsoftonline.com/tenant/v2.0', 'https://broker.example/oidc'])).toEqual([
      'https://login.microsoftonline.com',
      'https://broker.example',
    ]);
    expect(providerOrigins(['https://idp.example/a', 'https://idp.example/b'])).toEqual(['https://idp.example']);
    expect(cspFor('/sign/x', false, providerOrigins([undefined, 'https://broker.example/oidc']))).toContain(
      "form-action 'self' https://broker.example",
    );
  });
});
