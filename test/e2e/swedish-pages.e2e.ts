/**
 * Swedish everywhere a person reads (issue 16): error pages in the site's layout for HTML, JSON for
 * /api and clients that ask for it, both in Swedish (no "Cannot GET", no "Validation failed"); the
 * index of boards at /anslagstavla; the favicon; a signer's error page naming the secretary.
 */
import type { DataSource } from 'typeorm';
import { request } from '../support/http';
import { SECRETARY, expiredOrdforandeLink, insertOwnBoard } from '../support/signer-pages';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(60_000);

const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('Swedish pages and errors', () => {
  let sys: System;
  let ds: DataSource;
  let t: Tenant;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Svenskakommun');
    await insertOwnBoard(ds, t);
    sys = await startApi();
  });

  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  it('answers an unknown page with a Swedish 404 page in the layout, with links onward', async () => {
    const r = await request(sys.base, 'GET', '/protokoll', { headers: HTML });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(r.text).toContain('<h1>Sidan finns inte</h1>');
    expect(r.text).toContain('Det finns ingen sida på adressen /protokoll.');
    expect(r.text).toContain('<a href="/anslagstavla">Till anslagstavlorna</a>');
    expect(r.text).toContain('<a class="brand" href="/anslagstavla">Justera</a>');
    expect(r.text).not.toMatch(/Cannot GET|Not Found/);
  });

  it('answers JSON, in Swedish, under /api and to a client that asks for JSON', async () => {
    const api = await request<{ statusCode: number; error: string; message: string }>(sys.base, 'GET', '/api/protokoll', { headers: HTML });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/application\/json/);
    expect(api.body).toMatchObject({
      statusCode: 404,
      error: 'not_found',
      message: 'Det finns ingen sådan adress i API:t: GET /api/protokoll.',
    });
    const json = await request<{ message: string }>(sys.base, 'GET', '/protokoll');
    expect(json.status).toBe(404);
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
    expect(json.body.message).toBe('Det finns ingen sida på adressen /protokoll.');
  });

  it('says a malformed id in Swedish, on a page and in the API', async () => {
    const page = await request(sys.base, 'GET', '/justering/inte-ett-id', { apiKey: t.sekA.apiKey, headers: HTML });
    expect(page.status).toBe(400);
    expect(page.text).toContain('<h1>Felaktig begäran</h1>');
    expect(page.text).toContain('Ogiltigt id');
    expect(page.text).not.toContain('Validation failed');
    const api = await request<{ error: string; message: string }>(sys.base, 'GET', '/api/protocols/inte-ett-id', { apiKey: t.sekA.apiKey });
    expect(api.status).toBe(400);
    expect(api.body.error).toBe('invalid_request');
    expect(api.body.message).toMatch(/^Ogiltigt id/);
  });

  it("says a DTO's English default messages and broken JSON in Swedish", async () => {
    const r = await request<{ message: string; details: { path: string; message: string }[] }>(sys.base, 'POST', '/api/protocols', {
      apiKey: t.sekA.apiKey,
      json: { organId: 'x', protocol: {}, extra: 1 },
    });
    expect(r.status).toBe(400);
    expect(r.body.message).not.toMatch(/must be|should not exist/);
    expect(r.body.details).toEqual(
      expect.arrayContaining([
        { path: 'organId', message: 'organId: ogiltigt id (ett UUID förväntas).' },
        { path: 'extra', message: 'Okänt fält: extra.' },
      ]),
    );
    const bad = await request<{ error: string; message: string }>(sys.base, 'POST', '/api/protocols', {
      apiKey: t.sekA.apiKey,
      body: '{"a":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_json', message: 'Ogiltig JSON: innehållet i begäran går inte att läsa som JSON.' });
  });

  it('lists the boards of the installation at /anslagstavla, with the organs posting there', async () => {
    const r = await request(sys.base, 'GET', '/anslagstavla', { headers: HTML });
    expect(r.status).toBe(200);
    expect(r.text).toContain('<h1>Anslagstavlor</h1>');
    expect(r.text).toContain(`<a href="${sys.base}/anslagstavla/${t.slug}">Anslagstavla – Svenskakommun `);
    expect(r.text).toContain('Anslag från Kommunstyrelsen');
  });

  it('serves the favicon (ICO and SVG) instead of a 404', async () => {
    const ico = await fetch(`${sys.base}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toBe('image/x-icon');
    const bytes = Buffer.from(await ico.arrayBuffer());
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    const svg = await fetch(`${sys.base}/favicon.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toContain('<svg');
  });

  it("names the round's secretary and her address on an expired link's page", async () => {
    const link = await expiredOrdforandeLink(ds, sys.base, t);
    const r = await request(sys.base, 'GET', link, { headers: HTML });
    expect(r.status).toBe(410);
    expect(r.text).toContain('<h1>Länken har gått ut</h1>');
    expect(r.text).toContain(`Kontakta sekreteraren ${SECRETARY.name},`);
    expect(r.text).toContain(`href="mailto:${SECRETARY.email}"`);
  });
});
