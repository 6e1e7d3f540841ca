import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import type { ParsedMail } from 'mailparser';
import { certificateFromPem } from '@justera/pades';
import { nssDbTrusting, pdfsig } from '../../libs/pades/src/testing/pdf-checks';
import { request } from '../support/http';
import { waitForCompletedRound } from '../support/justera-flow';
import { TestOidcProvider } from '../support/oidc-provider';
import { freePort, ROOT, waitFor } from '../support/processes';
import { startSystem, System } from '../support/system';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

/**
 * The signer's e-legitimation (docs/identity.md) through the real system: the api and the worker as
 * processes, a real SMTP server and a real OpenID provider (panva's oidc-provider, its own process).
 * The mailed link → "Identifiera dig med e-legitimation" → the provider's login form → the callback →
 * approve; the justerat PDF's signer certificates name the verified persons (pdfsig).
 */
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** Text with its whitespace (line breaks of pdftotext, HTML indentation) as single spaces. */
const norm = (s: string): string => s.replace(/\s+/g, ' ');

/** A browser: its own cookie jar (the api's identity cookie, bound to this browser). */
class Browser {
  private jar = new Map<string, string>();
  cookie(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const r = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookie() },
    });
    for (const c of r.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv.indexOf('=');
      this.jar.set(kv.slice(0, i), kv.slice(i + 1));
    }
    return r;
  }
  post(url: string, form: Record<string, string>): Promise<Response> {
    return this.fetch(url, { method: 'POST', headers: FORM, body: new URLSearchParams(form).toString() });
  }
}

jest.setTimeout(120_000);

describe('signing with e-legitimation (OpenID Connect)', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let idp: TestOidcProvider;
  let base: string;

  const linkOf = (m: ParsedMail): string => {
    const found = (m.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/);
    if (!found) throw new Error(`no signing link in ${m.subject}`);
    return found[0];
  };
  const mail = (to: string, subject: string): Promise<ParsedMail> =>
    waitFor(`mail "${subject}" to ${to}`, async () => sys.smtp.to(to).find((m) => m.subject?.startsWith(subject)), 20_000);

  async function startProtocol(extra: Record<string, unknown> = {}) {
    const protocol = JSON.parse(
      readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8'),
    ) as Record<string, unknown> & {
      meeting: { date: string };
    };
    protocol.meeting.date = new Date().toISOString().slice(0, 10);
    protocol.storagePlace = `Kommunarkivet, hylla ${randomBytes(4).toString('hex')}`;
    const created = await request<{ id: string }>(base, 'POST', '/api/protocols', {
      apiKey: t.sekA.apiKey,
      json: { organId: t.organA, protocol },
    });
    expect(created.status).toBe(201);
    const s = randomBytes(4).toString('hex');
    const people = [
      { role: 'sekreterare', name: 'Thomas Norgren', email: `sek-${s}@test.example` },
      { role: 'ordforande', name: 'Mikael Löthstam', email: `ord-${s}@test.example` },
      { role: 'justerare', name: 'Åsa Öberg', email: `jus-${s}@test.example` },
    ];
    const started = await request<{ rounds: { id: string; identityLevel: string }[] }>(
      base,
      'POST',
      `/api/protocols/${created.body.id}/justering`,
      {
        apiKey: t.sekA.apiKey,
        json: { signatories: people, ...extra },
      },
    );
    expect(started.status).toBe(201);
    return { protocolId: created.body.id, round: started.body.rounds[0], people };
  }

  /** Follows the link, identifies at the provider as `username` and comes back; returns the callback's answer. */
  async function identify(browser: Browser, link: string, username: string): Promise<{ callback: Response; callbackUrl: URL }> {
    const page = await (await browser.fetch(link)).text();
    expect(page).toContain('Identifiera dig med e-legitimation');
    const started = await browser.post(`${link}/identitet`, {});
    expect(started.status).toBe(303);
    const authUrl = started.headers.get('location')!;
    expect(authUrl.startsWith(idp.issuer)).toBe(true);
    const callbackUrl = await idp.login(authUrl, username);
    expect(callbackUrl.href.startsWith(`${base}/sign/identitet/tillbaka?`)).toBe(true);
    return { callback: await browser.fetch(callbackUrl.href), callbackUrl };
  }

  async function identifyAndSign(link: string, username: string): Promise<Browser> {
    const browser = new Browser();
    const { callback } = await identify(browser, link, username);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe(new URL(link).pathname);
    const page = await (await browser.fetch(link)).text();
    expect(page).toContain('Identifierad med e-legitimation (Testlegitimation) som');
    const sha = page.match(/name="sha256" value="([0-9a-f]{64})"/)![1];
    const signed = await browser.post(link, { action: 'sign', confirm: 'ja', sha256: sha });
    expect(signed.status).toBe(200);
    expect(await signed.text()).toContain('Du har signerat protokollet');
    return browser;
  }

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    idp = new TestOidcProvider([]);
    idp.port = await freePort();
    sys = await startSystem(idp.env());
    base = sys.base;
    idp.redirectUris = [`${base}/sign/identitet/tillbaka`];
    await idp.start(idp.port);
    // The organ requires e-legitimation (the admin's API).
    const patched = await request<{ identityLevel: string }>(base, 'PATCH', `/api/organs/${t.organA}`, {
      apiKey: t.admin.apiKey,
      json: { identityLevel: 'e-legitimation' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.identityLevel).toBe('e-legitimation');
  }, 120_000);

  afterAll(async () => {
    await sys?.stop();
    await idp?.stop();
    await ds?.destroy();
  });

  it('the organ level: the link alone cannot approve; each signs after identifying; the signer certificates name the verified persons', async () => {
    const { protocolId, round, people } = await startProtocol();
    expect(round.identityLevel).toBe('e-legitimation');
    const [sek, ord, jus] = people;
    const sekLink = linkOf(await mail(sek.email, 'Protokoll att justera'));

    // Without an identity: only the identify button, and a POST is refused.
    const plain = await (await fetch(sekLink)).text();
    expect(plain).toContain('Identifiera dig med e-legitimation');
    expect(plain).not.toContain('name="action" value="sign"');
    expect(plain).not.toContain('name="action" value="change"');
    const sha = plain.match(/id="sha256">\s*([0-9a-f]{64})/)![1];
    const refused = await fetch(sekLink, {
      method: 'POST',
      headers: { ...FORM, accept: 'text/html' },
      body: new URLSearchParams({ action: 'sign', confirm: 'ja', sha256: sha }).toString(),
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Identifiera dig med e-legitimation innan du justerar');
    const changeRefused = await fetch(sekLink, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ action: 'change', comment: 'x' }).toString(),
    });
    expect(changeRefused.status).toBe(403);

    const sekBrowser = await identifyAndSign(sekLink, 'norgren');
    const ordLink = linkOf(await mail(ord.email, 'Protokoll att justera'));
    // Thomas's identity (his browser) cannot approve Mikael's link.
    const page = await (await sekBrowser.fetch(ordLink)).text();
    expect(page).toContain('Identifiera dig med e-legitimation');
    const other = await sekBrowser.post(ordLink, { action: 'sign', confirm: 'ja', sha256: sha });
    expect(other.status).toBe(403);

    await identifyAndSign(ordLink, 'lothstam');
    await identifyAndSign(linkOf(await mail(jus.email, 'Protokoll att justera')), 'oberg');

    await waitForCompletedRound(base, t.sekA.apiKey, protocolId, 90_000);
    const pdf = await fetch(`${base}/api/protocols/${protocolId}/justering/${round.id}/document.pdf`, {
      headers: { authorization: `Bearer ${t.sekA.apiKey}` },
    });
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'identity-e2e-'));
    writeFileSync(join(dir, 'p.pdf'), Buffer.from(await pdf.arrayBuffer()));
    const nss = await nssDbTrusting(certificateFromPem(await (await fetch(`${base}/pki/root.pem`)).text()));
    try {
      const check = await pdfsig(nss, join(dir, 'p.pdf'));
      const signers = check.signatures.filter((s) => !s.documentTimestamp);
      expect(signers.map((s) => s.text.match(/Signer Certificate Common Name: (.*)/)?.[1])).toEqual([
        'Thomas Erik Norgren',
        'Mikael Löthstam',
        'ASA OBERG',
      ]);
      for (const s of signers) expect(s).toMatchObject({ valid: true, trusted: true });
    } finally {
      nss.cleanup();
    }

    // The level shows wherever a signature is shown (issue 18): the Underskrifter page (frozen before
    // signing: "Identifieras …"), the appearances ("Identifierad …"), the validator, /validera, the report.
    const justerat = Buffer.from(readFileSync(join(dir, 'p.pdf')));
    const pages = execFileSync('pdftotext', [join(dir, 'p.pdf'), '-'], { encoding: 'utf8' }).split('\f');
    const signaturePage = norm(pages.filter((p) => p.includes('Underskrifter')).pop() ?? '');
    expect(signaturePage.split('Identifieras med e-legitimation (Testlegitimation)').length - 1).toBe(3);
    expect(signaturePage).not.toContain('personlig länk');
    expect(signaturePage.split('Identifierad med e-legitimation (Testlegitimation)').length - 1).toBe(3); // the appearances
    const api = await request<{ verdict: string; signatures: { kind: string; identification: Record<string, unknown> | null }[] }>(
      base,
      'POST',
      '/api/validate',
      { body: new Uint8Array(justerat), headers: { 'content-type': 'application/pdf' } },
    );
    expect(api.status).toBe(200);
    expect(api.body.verdict).toMatch(/^GILTIG/);
    const levels = api.body.signatures.filter((s) => s.kind !== 'document-timestamp').map((s) => s.identification);
    expect(levels).toEqual(
      ['Thomas Erik Norgren', 'Mikael Löthstam', 'ASA OBERG'].map((name) =>
        expect.objectContaining({
          level: 'e-legitimation',
          provider: 'Testlegitimation',
          verifiedName: name,
          statement: 'Identifierad med e-legitimation (Testlegitimation)',
          trusted: true,
        }),
      ),
    );
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(justerat)], { type: 'application/pdf' }), 'protokoll.pdf');
    const validera = await fetch(`${base}/validera`, { method: 'POST', body: form });
    expect(validera.status).toBe(200);
    const html = norm(await validera.text());
    for (const name of ['Thomas Erik Norgren', 'Mikael Löthstam', 'ASA OBERG'])
      expect(html).toMatch(
        new RegExp(
          `Identifiering: E-legitimation \\(Testlegitimation\\), verifierat namn ${name} – enligt certifikatet från [^<]*Issuing CA`,
        ),
      );
    const sealed = await fetch(`${base}/api/validate/report.pdf`, {
      method: 'POST',
      body: new Uint8Array(justerat),
      headers: { 'content-type': 'application/pdf' },
    });
    expect(sealed.status).toBe(200);
    writeFileSync(join(dir, 'rapport.pdf'), Buffer.from(await sealed.arrayBuffer()));
    const report = norm(execFileSync('pdftotext', [join(dir, 'rapport.pdf'), '-'], { encoding: 'utf8' }));
    for (const name of ['Thomas Erik Norgren', 'Mikael Löthstam', 'ASA OBERG'])
      expect(report).toContain(`Identifiering: E-legitimation (Testlegitimation), verifierat namn ${name}`);

    // The audit trail: provider, iss, sub, auth_time, acr for each; never a personal number or a token.
    const audit = await request<{ events: { type: string; data: Record<string, unknown> }[] }>(
      base,
      'GET',
      `/api/protocols/${protocolId}/audit`,
      { apiKey: t.admin.apiKey },
    );
    expect(audit.status).toBe(200);
    const signed = audit.body.events.filter((e) => e.type === 'signed');
    expect(signed).toHaveLength(3);
    for (const e of signed) {
      expect(e.data.identityLevel).toBe('e-legitimation');
      expect(e.data.identity).toMatchObject({
        provider: 'Testlegitimation',
        iss: idp.issuer,
        sub: expect.stringMatching(/^sub-/),
        acr: 'loa3',
        authTime: expect.any(String),
      });
    }
    expect(audit.body.events.filter((e) => e.type === 'identity.verified')).toHaveLength(3);
    // The Verifieringsunderlag shows the identity level of each signature.
    const evidence = await request<{ signers: { identityLevel: string; identity: { provider: string; name: string } | null }[] }>(
      base,
      'GET',
      `/api/protocols/${protocolId}/evidence.json`,
      { apiKey: t.admin.apiKey },
    );
    expect(evidence.status).toBe(200);
    expect(evidence.body.signers.map((s) => [s.identityLevel, s.identity?.provider, s.identity?.name])).toEqual([
      ['e-legitimation', 'Testlegitimation', 'Thomas Erik Norgren'],
      ['e-legitimation', 'Testlegitimation', 'Mikael Löthstam'],
      ['e-legitimation', 'Testlegitimation', 'ASA OBERG'],
    ]);
    const text = JSON.stringify(audit.body);
    for (const u of Object.values(idp.users)) if (u.personal_number) expect(text).not.toContain(u.personal_number);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // no JWT
  }, 180_000);

  it('a mismatching name: a clear page, nothing approved, the secretary told, the attempt audited', async () => {
    const { protocolId, people } = await startProtocol();
    const sekLink = linkOf(await mail(people[0].email, 'Protokoll att justera'));
    const browser = new Browser();
    const { callback } = await identify(browser, sekLink, 'falk');
    expect(callback.status).toBe(403);
    const page = await callback.text();
    expect(page).toContain('Namnet stämmer inte');
    expect(page).toContain('Kerstin Falk');
    expect(page).toContain('Ingenting har godkänts');
    // The page after it offers no approve button in that browser either.
    expect(await (await browser.fetch(sekLink)).text()).not.toContain('name="action" value="sign"');
    const m = await mail(people[0].email, 'Namnet stämmer inte');
    expect(m.text).toContain('Kerstin Falk');
    const audit = await request<{ events: { type: string; data: Record<string, unknown> }[] }>(
      base,
      'GET',
      `/api/protocols/${protocolId}/audit`,
      { apiKey: t.admin.apiKey },
    );
    expect(audit.body.events.find((e) => e.type === 'identity.mismatch')?.data).toMatchObject({
      name: 'Kerstin Falk',
      expectedName: 'Thomas Norgren',
      sub: 'sub-falk',
    });
    expect(audit.body.events.some((e) => e.type === 'signed')).toBe(false);
  }, 60_000);

  it('faults: a wrong state, a replayed callback, another browser, the provider down → a Swedish page, nothing approved, audited', async () => {
    const { protocolId, people } = await startProtocol();
    const sekLink = linkOf(await mail(people[0].email, 'Protokoll att justera'));

    // A wrong state.
    const b1 = new Browser();
    await (await b1.fetch(sekLink)).text();
    const s1 = await b1.post(`${sekLink}/identitet`, {});
    const back1 = await idp.login(s1.headers.get('location')!, 'norgren');
    const wrong = new URL(back1);
    wrong.searchParams.set('state', 'x'.repeat(43));
    const r1 = await b1.fetch(wrong.href, { headers: { accept: 'text/html' } });
    expect(r1.status).toBe(400);
    expect(await r1.text()).toContain('Inloggningen kunde inte kopplas till din länk');

    // The right callback in another browser (no binding cookie).
    const r2 = await new Browser().fetch(back1.href);
    expect(r2.status).toBe(400);

    // The right one in the right browser works once; a replay is refused.
    const ok = await b1.fetch(back1.href);
    expect(ok.status).toBe(303);
    const replay = await b1.fetch(back1.href);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('redan använts');

    // The provider down between login and callback.
    const b3 = new Browser();
    await (await b3.fetch(sekLink)).text();
    const s3 = await b3.post(`${sekLink}/identitet`, {});
    const back3 = await idp.login(s3.headers.get('location')!, 'norgren');
    await idp.stop();
    try {
      const down = await b3.fetch(back3.href);
      expect(down.status).toBe(503);
      expect(await down.text()).toContain('E-legitimationstjänsten svarar inte just nu');
      // "Identifiera dig" while it is down: the page says so at once (the start discovers the provider
      // again), rather than sending the browser to a provider that does not answer.
      const t0 = Date.now();
      const start = await b3.post(`${sekLink}/identitet`, {});
      expect(start.status).toBe(503);
      expect(start.headers.get('location')).toBeNull();
      expect(await start.text()).toContain('E-legitimationstjänsten svarar inte just nu');
      expect(Date.now() - t0).toBeLessThan(1500);
    } finally {
      await idp.start(idp.port);
    }

    const audit = await request<{ events: { type: string; data: Record<string, unknown> }[] }>(
      base,
      'GET',
      `/api/protocols/${protocolId}/audit`,
      { apiKey: t.admin.apiKey },
    );
    const failed = audit.body.events.filter((e) => e.type === 'identity.failed').map((e) => e.data.code);
    expect(failed).toEqual(expect.arrayContaining(['state_mismatch', 'code_rejected', 'provider_unavailable']));
    expect(audit.body.events.some((e) => e.type === 'signed')).toBe(false);
  }, 90_000);
});
