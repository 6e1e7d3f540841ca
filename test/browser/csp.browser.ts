/**
 * The Content-Security-Policy in Chromium: every server-rendered page is served with a policy that
 * lets no script run (script-src 'none', no 'unsafe-inline'; one protocol's dashboard page loads its
 * live-status script from this origin, 'self', and nothing inline), none of them trips the policy while it
 * is loaded and used (login, protocol list, dashboard, signing page with its PDF frame, /validera,
 * the dev outbox, the anslagstavla, an error page), an injected script, event-handler attribute or
 * javascript: URL does not run, and Swagger UI at /api/docs still renders under its own policy.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { insertNotice } from '../support/anslag';
import { horizontalOverflow, launchBrowser, phoneContext } from '../support/browser';
import { request } from '../support/http';
import { ROOT, waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  page: string;
}

interface Watched {
  ctx: BrowserContext;
  page: Page;
  violations: Violation[];
  /** Console errors about the policy (Chromium logs every refusal there too). */
  consoleErrors: string[];
  /** Every document (pages, frames) the browser loaded, with its CSP header. */
  documents: { url: string; status: number; csp: string | undefined }[];
}

/** A context that reports every `securitypolicyviolation` event of every frame back to the test. */
async function watched(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<Watched> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', ...options });
  const violations: Violation[] = [];
  const consoleErrors: string[] = [];
  const documents: Watched['documents'] = [];
  // The binding and the init script come in through the DevTools protocol, so the policy under test
  // does not apply to them.
  await ctx.exposeBinding('__cspViolation', (_source, v: Violation) => void violations.push(v));
  await ctx.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
    globalThis.__cspViolation({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, page: location.href });
  });`);
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('response', async (r) => {
    if (r.request().resourceType() === 'document')
      documents.push({ url: r.url(), status: r.status(), csp: (await r.allHeaders())['content-security-policy'] });
  });
  return { ctx, page, violations, consoleErrors, documents };
}

function parseCsp(header: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

/** The page policy's essentials, as a comparable object. */
function essentials(header: string | undefined) {
  const p = parseCsp(header);
  return {
    'script-src': p.get('script-src'),
    'script-src-attr': p.get('script-src-attr'),
    'object-src': p.get('object-src'),
    'base-uri': p.get('base-uri'),
    'frame-ancestors': p.get('frame-ancestors'),
    'form-action': p.get('form-action'),
  };
}

const STRICT = {
  'script-src': ["'none'"],
  'script-src-attr': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'self'"],
  'form-action': ["'self'"],
};
/** One protocol's dashboard page loads its live-status script from this origin; nothing else changes. */
const DASHBOARD = { ...STRICT, 'script-src': ["'self'"] };
const isDashboard = (url: string) => /^\/justering\/[0-9a-f-]{36}$/.test(new URL(url).pathname);

/**
 * Tries the three ways an XSS would run script in an already-loaded page: a <script> element, an
 * event-handler attribute (through innerHTML) and a javascript: URL. Each that runs pushes its name
 * to window.__xss. Returns what ran: once all three have run (`expectRan`), or once the three
 * refusals have been reported.
 */
async function injectScripts(w: Watched, expectRan: boolean): Promise<string[]> {
  const before = w.violations.length;
  await w.page.evaluate(`(() => {
    globalThis.__xss = [];
    const s = document.createElement('script');
    s.textContent = 'globalThis.__xss.push("script-element")';
    document.body.append(s);
    const d = document.createElement('div');
    d.innerHTML = '<img alt="" src="/finns-inte.png" onerror="globalThis.__xss.push(\\'event-handler\\')">';
    document.body.append(d);
    const a = document.createElement('a');
    a.href = 'javascript:globalThis.__xss.push("javascript-url")';
    a.textContent = 'x';
    document.body.append(a);
    a.click();
  })()`);
  if (expectRan) {
    return waitFor('the injected scripts to run', async () => {
      const ran = (await w.page.evaluate('globalThis.__xss')) as string[];
      return ran.length === 3 ? ran : undefined;
    });
  }
  await waitFor('the three refusals', async () => w.violations.length - before >= 3);
  return (await w.page.evaluate('globalThis.__xss')) as string[];
}

describe('Content-Security-Policy in Chromium', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let base: string;
  let browser: Browser;
  let protocolId: string;
  let signLink: string;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Policykommun');
    // No SMTP_URL: mail goes to the development outbox, which is one of the pages under test.
    sys = await startSystem({}, { smtp: false });
    base = sys.base;

    const protocol = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8'));
    protocol.meeting.date = new Date().toISOString().slice(0, 10);
    const created = await request<{ id: string }>(base, 'POST', '/api/protocols', {
      apiKey: t.sekA.apiKey,
      json: { organId: t.organA, protocol },
    });
    expect(created.status).toBe(201);
    protocolId = created.body.id;
    const sek = `sek-csp-${protocolId.slice(0, 8)}@test.example`;
    const started = await request(base, 'POST', `/api/protocols/${protocolId}/justering`, {
      apiKey: t.sekA.apiKey,
      json: {
        signatories: [
          { role: 'sekreterare', name: 'Thomas Norgren', email: sek },
          { role: 'ordforande', name: 'Mikael Löthstam', email: `ord-csp-${protocolId.slice(0, 8)}@test.example` },
          { role: 'justerare', name: 'Håkan Englund', email: `jus-csp-${protocolId.slice(0, 8)}@test.example` },
        ],
      },
    });
    expect(started.status).toBe(201);
    signLink = await waitFor('the invitation in the outbox', async () => {
      const r = await request<{ to: string[]; links: string[] }[]>(base, 'GET', '/dev/outbox/messages.json');
      return r.body.find((m) => m.to.includes(sek))?.links.find((l) => l.includes('/sign/'));
    });
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await insertNotice(ds, {
      organisationId: t.organisationId,
      organId: t.organA,
      protocolId: randomUUID(),
      organName: 'Kommunstyrelsen',
      meetingDate: day(-7),
      paragraphs: '§§ 627–638',
      postedDate: day(0),
      lastAppealDay: day(21),
      takeDownDate: day(22),
      state: 'current',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  it('serves every page with a no-script policy, and using them trips it nowhere', async () => {
    const w = await watched(browser);
    const { page } = w;

    // The signing page, with the protocol PDF in a frame, and signing.
    await page.goto(signLink);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Justera protokollet');
    await expect(page.locator('iframe.pdf').count()).resolves.toBe(1);
    await page.getByLabel(/Jag har läst protokollet/).check();
    await page.getByRole('button', { name: 'Justera och signera' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Du har signerat protokollet');

    // The development outbox and one message.
    await page.goto(`${base}/dev/outbox`);
    await page.getByRole('table').getByRole('link').first().click();
    await expect(page.getByRole('heading', { name: 'Länkar' }).count()).resolves.toBe(1);

    // Login (a wrong password first), the protocol list, the dashboard and one of its forms.
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('E-postadress').fill(t.sekA.email);
    await page.getByLabel('Lösenord').fill('fel-lösenord-123');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Fel e-postadress eller lösenord');
    await page.getByLabel('Lösenord').fill(t.sekA.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${base}/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Protokoll');
    await page.goto(`${base}/justering`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Justeringar');
    await page.goto(`${base}/justering/${protocolId}`);
    await page.getByRole('button', { name: /Påminn nu/ }).click();
    await page.waitForURL(`${base}/justering/${protocolId}?klart=paminnelse`);

    // /validera, with a lookup.
    await page.goto(`${base}/validera`);
    await page.getByLabel(/Transaktions-id/).fill(randomUUID());
    await page.getByLabel(/Transaktions-id/).press('Enter');
    await expect(page.getByRole('heading', { name: 'Resultat' }).count()).resolves.toBe(1);

    // The public anslagstavla, a notice and the appeal page.
    await page.goto(`${base}/anslagstavla/${t.slug}`);
    await page
      .getByRole('link', { name: /Justerat protokoll: Kommunstyrelsen/ })
      .first()
      .click();
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('Sista dag att överklaga');
    await page.goto(`${base}/anslagstavla/${t.slug}/overklaga`);

    // An error page, then logout.
    await page.goto(`${base}/finns-inte`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sidan finns inte');
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/login/);

    expect(w.violations).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    // Our documents as the browser received them. Chromium's PDF viewer (a chrome-extension:
    // document in the signing page's frame) has its own policy and re-requests the PDF as an
    // internal stream without headers; a page of ours that came without a policy would be missing
    // from the list of paths below.
    const ours = w.documents.filter((d) => d.url.startsWith(base) && d.csp !== undefined);
    const paths = ours.map((d) => new URL(d.url).pathname.replace(/\/sign\/[^/]+/, '/sign/…').replace(/\/[0-9a-f-]{32,36}/g, '/…'));
    for (const p of [
      '/login',
      '/',
      '/justering',
      '/justering/…',
      '/sign/…',
      '/sign/…/document.pdf',
      '/validera',
      '/dev/outbox',
      '/dev/outbox/…',
      `/anslagstavla/${t.slug}`,
      `/anslagstavla/${t.slug}/anslag/…`,
      `/anslagstavla/${t.slug}/overklaga`,
      '/finns-inte',
    ]) {
      expect(paths).toContain(p);
    }
    for (const d of ours) {
      expect({ url: d.url, csp: essentials(d.csp) }).toEqual({ url: d.url, csp: isDashboard(d.url) ? DASHBOARD : STRICT });
      expect(parseCsp(d.csp).get('script-src')).not.toContain("'unsafe-inline'");
      // The pages' CSS comes from one served stylesheet: no inline styles are allowed either.
      expect(parseCsp(d.csp).get('style-src')).toEqual(["'self'"]);
    }
    await w.ctx.close();
  });

  it('does not run an injected script element, event handler or javascript: URL', async () => {
    for (const path of ['/login', `/anslagstavla/${t.slug}`]) {
      const w = await watched(browser);
      await w.page.goto(`${base}${path}`);
      await expect(injectScripts(w, false)).resolves.toEqual([]);
      expect(new Set(w.violations.map((v) => v.directive))).toEqual(new Set(['script-src-elem', 'script-src-attr']));
      await w.ctx.close();
    }
    // The same injection does run when the policy is bypassed: the check above can fail.
    const open = await watched(browser, { bypassCSP: true });
    await open.page.goto(`${base}/login`);
    await expect(injectScripts(open, true).then((r) => [...r].sort())).resolves.toEqual([
      'event-handler',
      'javascript-url',
      'script-element',
    ]);
    await open.ctx.close();
  });

  it('still renders Swagger UI at /api/docs, with scripts from the origin only', async () => {
    const w = await watched(browser);
    const r = await w.page.goto(`${base}/api/docs`);
    const csp = parseCsp((await r!.allHeaders())['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    await w.page.locator('#swagger-ui .info .title').filter({ hasText: 'Justera API' }).waitFor();
    await expect(w.page.locator('#swagger-ui .opblock').count()).resolves.toBeGreaterThan(5);
    expect(w.violations).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    // Only the Swagger UI page gets the looser policy, not the JSON beside it or other /api routes.
    for (const path of ['/api/docs/openapi.json', '/api/me', '/api/docs/finns-inte']) {
      expect({ path, csp: essentials((await request(base, 'GET', path)).headers.get('content-security-policy') ?? undefined) }).toEqual({
        path,
        csp: STRICT,
      });
    }
    await w.ctx.close();
  });
  it('fits the development outbox on a 390 px phone (the quick start reads its mail there)', async () => {
    const ctx = await phoneContext(browser);
    try {
      const page = await ctx.newPage();
      await page.goto(`${base}/dev/outbox`);
      await expect(page.getByRole('table').getByRole('link').count()).resolves.toBeGreaterThan(0);
      const list = await horizontalOverflow(page);
      expect({ page: 'outbox', scrollWidth: list.scrollWidth, culprits: list.culprits }).toMatchObject({ scrollWidth: 390 });
      await page.getByRole('table').getByRole('link').first().click();
      const one = await horizontalOverflow(page);
      expect({ page: 'outbox message', scrollWidth: one.scrollWidth, culprits: one.culprits }).toMatchObject({ scrollWidth: 390 });
    } finally {
      await ctx.close();
    }
  });
});
