import type { Request, Response } from 'express';
import { BodyShapeError, checkJsonShape, sameOriginForms } from './request-guards';

const buf = (s: string) => Buffer.from(s, 'utf8');

describe(checkJsonShape.name, () => {
  it('accepts ordinary bodies, brackets inside strings and escaped quotes', () => {
    expect(() => checkJsonShape(buf('{"a":[1,2,{"b":"[[[[\\"{{{"}]}'))).not.toThrow();
    expect(() => checkJsonShape(buf('['.repeat(64) + ']'.repeat(64)))).not.toThrow();
  });

  it('refuses nesting deeper than the limit with a 400 naming the problem', () => {
    let err: unknown;
    try {
      checkJsonShape(buf('['.repeat(100_000)));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BodyShapeError);
    expect((err as BodyShapeError).status).toBe(400);
    expect((err as BodyShapeError).message).toContain('nästlad djupare än 64 nivåer');
    expect(() => checkJsonShape(buf('{"a":' .repeat(65) + '1' + '}'.repeat(65)))).toThrow(BodyShapeError);
  });

  it('refuses more values than the limit', () => {
    expect(() => checkJsonShape(buf(`[${'0,'.repeat(200_001)}0]`))).toThrow(/fler än 200000 värden/);
    expect(() => checkJsonShape(buf(`[${'0,'.repeat(1000)}0]`), { depth: 64, values: 500 })).toThrow(BodyShapeError);
  });
});

describe(sameOriginForms.name, () => {
  const run = (headers: Record<string, string>, method = 'POST') => {
    let status = 0;
    let passed = false;
    const req = { method, headers, protocol: 'http', path: '/login', get: (h: string) => (h === 'host' ? headers.host : undefined) } as unknown as Request;
    const res = { status: (s: number) => ((status = s), res), json: () => res, type: () => res, send: () => res } as unknown as Response;
    sameOriginForms('https://justera.kommun.se/')(req, res, () => (passed = true));
    return passed ? 'pass' : status;
  };
  const form = { 'content-type': 'application/x-www-form-urlencoded', host: 'justera.kommun.se' };

  it('refuses a form post from another origin (login CSRF), by Origin or by Referer', () => {
    expect(run({ ...form, origin: 'https://evil.example' })).toBe(403);
    expect(run({ ...form, origin: 'null' })).toBe(403);
    expect(run({ ...form, referer: 'https://evil.example/page' })).toBe(403);
    expect(run({ 'content-type': 'multipart/form-data; boundary=x', host: 'a', origin: 'http://justera.kommun.se' })).toBe(403);
    expect(run({ 'content-type': 'text/plain', host: 'a', origin: 'https://evil.example' })).toBe(403);
    expect(run({ ...form, 'sec-fetch-site': 'cross-site', origin: 'null' })).toBe(403);
    expect(run({ ...form, 'sec-fetch-site': 'same-site' })).toBe(403);
  });

  it('judges a browser that sends Fetch Metadata by Sec-Fetch-Site (Origin is null under no-referrer)', () => {
    expect(run({ ...form, 'sec-fetch-site': 'same-origin', origin: 'null' })).toBe('pass');
    expect(run({ ...form, 'sec-fetch-site': 'same-origin' })).toBe('pass');
  });

  it('lets our own origin, JSON (not sendable cross-site without CORS), safe methods and header-less clients pass', () => {
    expect(run({ ...form, origin: 'https://justera.kommun.se' })).toBe('pass');
    expect(run({ ...form, referer: 'https://justera.kommun.se/login?next=/' })).toBe('pass');
    expect(run({ ...form, host: 'intranet:3000', origin: 'http://intranet:3000' })).toBe('pass');
    expect(run({ 'content-type': 'application/json', origin: 'https://evil.example' })).toBe('pass');
    expect(run({ ...form, origin: 'https://evil.example' }, 'GET')).toBe('pass');
    expect(run(form)).toBe('pass');
  });
});
