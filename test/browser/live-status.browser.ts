/**
 * Issues 15 and 16 in Chromium: the workspace's protocol page after justering is no dead end — the
 * round's documents each with its own SHA-256, the notice with its dates and a link to the public
 * notice, and every version with its change request and the secretary's answer — at 1280 and 390 px,
 * axe-clean and no wider than the viewport. And the live status: while the secretary looks at the
 * workspace's protocol page or the dashboard, a signer approves in another browser context and the
 * page shows it without a reload (the page's own state survives, and a polite status says so).
 * Screenshots go to test-results/workspace/ (docs/secretary.md uses the 1280 px ones).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { axe, describeViolations, horizontalOverflow, launchBrowser, phoneContext } from '../support/browser';
import { request } from '../support/http';
import { justeraWithChangeRequest } from '../support/justera-flow';
import { ROOT, waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(240_000);

const SHOTS = join(ROOT, 'test-results', 'workspace');

describe('the workspace protocol page after justering, and the live status, in Chromium', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let base: string;
  let browser: Browser;
  let justerat: { protocolId: string; noticeUrl: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ds = await openDataSource();
    t = await createTenant(ds, 'Livekommun');
    sys = await startSystem();
    base = sys.base;
    browser = await launchBrowser();
    // Version 1, a change request by the ordförande, version 2 signed by all; then the worker posts the notice.
    const flow = await justeraWithChangeRequest(base, sys.smtp, t.sekA.apiKey, t.organA).catch((e) => {
      throw new Error(`${String(e)}\n${sys.logs()}`);
    });
    const notice = await waitFor(
      'the posted notice with its anslagsbevis',
      async () => {
        const ns = (
          await request<{ noticeUrl: string; bevisDocumentId: string | null; fieldsStatus: string | null }[]>(
            base,
            'GET',
            `/api/anslag/notices?protocolId=${flow.protocolId}`,
            { apiKey: t.sekA.apiKey },
          )
        ).body;
        return Array.isArray(ns) ? ns.find((n) => n.bevisDocumentId && n.fieldsStatus === 'sealed') : undefined;
      },
      90_000,
      250,
    );
    justerat = { protocolId: flow.protocolId, noticeUrl: notice.noticeUrl };
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  async function signIn(ctx: BrowserContext, next: string): Promise<Page> {
    const page = await ctx.newPage();
    await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('E-postadress').fill(t.sekA.email);
    await page.getByLabel('Lösenord').fill(t.sekA.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${base}${next}`);
    return page;
  }

  async function fits(page: Page, width: number) {
    expect(describeViolations(await axe(page))).toBe('');
    const o = await horizontalOverflow(page);
    expect({ scrollWidth: o.scrollWidth, culprits: o.culprits }).toEqual({ scrollWidth: width, culprits: [] });
  }

  it.each([1280, 390])('shows a justerat protocol’s documents, notice and versions at %i px', async (width) => {
    const ctx = width < 500 ? await phoneContext(browser) : await browser.newContext({ viewport: { width, height: 900 }, locale: 'sv-SE' });
    const page = await signIn(ctx, `/arbetsyta/protokoll/${justerat.protocolId}`);
    await page.getByRole('heading', { name: 'Dokument' }).waitFor();
    await expect(page.getByRole('heading', { level: 2, name: /Justeringen: justerat/ }).count()).resolves.toBe(1);
    await expect(page.locator('main').textContent()).resolves.not.toContain('sista dag för justering');

    // Two frozen versions, the justerat PDF, the posted PDF and the anslagsbevis, each with its checksum,
    // and each checksum the one of the bytes its own link downloads.
    const docs = await page
      .locator('li.document')
      .evaluateAll((els) =>
        els.map((el) => ({ href: el.querySelector('a')!.getAttribute('href')!, sha256: el.querySelector('code.checksum')!.textContent })),
      );
    expect(docs).toHaveLength(5);
    const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    for (const d of docs) {
      const r = await fetch(`${base}${d.href}`, { headers: { cookie } });
      expect(r.status).toBe(200);
      expect({ href: d.href, sha256: r.headers.get('x-content-sha256') }).toEqual(d);
    }
    await expect(page.getByRole('link', { name: 'Justerat protokoll', exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Anslagsbevis', exact: true }).count()).resolves.toBe(1);
    // The Verifieringsunderlag is reachable from the workspace (a new user's trial found no way there).
    const evidence = await page.getByRole('link', { name: 'Verifieringsunderlag (förseglad PDF)' }).getAttribute('href');
    const ev = await fetch(`${base}${evidence}`, { headers: { cookie } });
    expect({ status: ev.status, type: ev.headers.get('content-type') }).toEqual({ status: 200, type: 'application/pdf' });

    // The notice: its dates and the public notice page.
    await expect(page.getByRole('link', { name: 'Anslaget på anslagstavlan' }).getAttribute('href')).resolves.toBe(justerat.noticeUrl);
    await expect(page.locator('dl.notice-dates dt').allTextContents()).resolves.toEqual(['Uppsatt', 'Sista dag att överklaga', 'Tas ned']);
    await expect(page.locator('dl.notice-dates dd').allTextContents()).resolves.not.toContain('ännu inte');

    // The versions with the ordförande's change request and the secretary's answer.
    const versions = page.locator('ol.versions > li');
    await expect(versions.count()).resolves.toBe(2);
    await expect(versions.nth(0).textContent()).resolves.toContain('(ersatt; godkännanden av den gäller inte)');
    await expect(versions.nth(1).textContent()).resolves.toContain('Ändring begärd av Mikael Löthstam (ordförande): Fel datum i § 628.');
    await expect(versions.nth(1).textContent()).resolves.toContain('Svar: Datumet i § 628 är rättat.');

    await fits(page, width);
    await page.screenshot({ path: join(SHOTS, `${width}-16-justerat.png`), fullPage: true });
    await ctx.close();
  });

  /** Starts a justering by the API and returns the protocol and the signers' addresses. */
  async function started(tag: string) {
    const fixture = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8'));
    fixture.meeting.date = new Date().toISOString().slice(0, 10);
    // Content of its own (see justera-flow.ts): other tests justera the same fixture on the same day.
    fixture.storagePlace = `Kommunarkivet, hylla ${tag}-${randomBytes(4).toString('hex')}`;
    const created = await request<{ id: string }>(base, 'POST', '/api/protocols', {
      apiKey: t.sekA.apiKey,
      json: { organId: t.organA, protocol: fixture },
    });
    expect(created.status).toBe(201);
    const people = {
      sek: `sek-${tag}@test.example`,
      ord: `ord-${tag}@test.example`,
      jus: `jus-${tag}@test.example`,
    };
    const r = await request(base, 'POST', `/api/protocols/${created.body.id}/justering`, {
      apiKey: t.sekA.apiKey,
      json: {
        signatories: [
          { role: 'sekreterare', name: 'Thomas Norgren', email: people.sek },
          { role: 'ordforande', name: 'Mikael Löthstam', email: people.ord },
          { role: 'justerare', name: 'Åsa Öberg', email: people.jus },
        ],
      },
    });
    expect(r.status).toBe(201);
    return { protocolId: created.body.id, people };
  }

  /** A signer, in a browser context of their own, opens the link in their mail and approves. */
  async function signerApproves(email: string) {
    const mail = await waitFor(
      `the invitation to ${email}`,
      async () => sys.smtp.to(email).find((m) => m.subject?.startsWith('Protokoll att justera')),
      30_000,
    );
    const link = (mail.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)![0];
    const ctx = await browser.newContext({ locale: 'sv-SE' });
    const page = await ctx.newPage();
    await page.goto(link);
    await page.getByLabel(/Jag har läst protokollet/).check();
    await page.getByRole('button', { name: 'Justera och signera' }).click();
    await page.getByRole('heading', { level: 1, name: 'Du har signerat protokollet' }).waitFor();
    await ctx.close();
  }

  it('updates the workspace protocol page without a reload when a signer approves', async () => {
    const { protocolId, people } = await started('live-ws');
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    const page = await signIn(ctx, `/arbetsyta/protokoll/${protocolId}`);
    const sekreterare = page.locator('ul.signers > li').filter({ hasText: 'Thomas Norgren' }).locator('.signer-head');
    await expect(sekreterare.textContent()).resolves.toMatch(/– skickad \(tur att signera\)/);
    // A mark on the window that a reload would wipe; and what the secretary typed stays.
    await page.evaluate(() => ((globalThis as unknown as { stillHere: boolean }).stillHere = true));
    let navigations = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations++;
    });

    await signerApproves(people.sek);
    await page.waitForFunction(
      () => /– signerad/.test(document.querySelector('ul.signers > li .signer-head')?.textContent ?? ''),
      undefined,
      { timeout: 20_000 },
    );
    await expect(
      page.locator('ul.signers > li').filter({ hasText: 'Mikael Löthstam' }).locator('.signer-head').textContent(),
    ).resolves.toMatch(/– skickad \(tur att signera\)/);
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /Läget uppdaterades \d\d:\d\d\./ })
        .count(),
    ).resolves.toBe(1);
    await expect(page.evaluate(() => (globalThis as unknown as { stillHere?: boolean }).stillHere)).resolves.toBe(true);
    expect(navigations).toBe(0);
    await fits(page, 1280);
    await page.screenshot({ path: join(SHOTS, '1280-17-live.png'), fullPage: true });

    // Unchanged polls are answered 304 (no body): the page asks with the stamp it has.
    const polls: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith(`/api/protocols/${protocolId}/live`)) polls.push(r.status());
    });
    await waitFor('an unchanged poll', async () => polls.includes(304), 15_000);
    await ctx.close();
  });

  it('updates the dashboard without a reload (its one script), at 390 px, and keeps a typed e-mail address', async () => {
    const { protocolId, people } = await started('live-db');
    const ctx = await phoneContext(browser);
    const page = await signIn(ctx, `/justering/${protocolId}`);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const row = (name: string) => page.locator('tr').filter({ hasText: name }).locator('td[data-label="Status"]');
    await expect(row('Thomas Norgren').textContent()).resolves.toBe('skickad (tur nu)');
    await page.evaluate(() => ((globalThis as unknown as { stillHere: boolean }).stillHere = true));

    await signerApproves(people.sek);
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('tr')).some(
          (tr) => tr.textContent?.includes('Thomas Norgren') && tr.querySelector('td[data-label="Status"]')?.textContent === 'signerad',
        ),
      undefined,
      { timeout: 20_000 },
    );
    await expect(row('Mikael Löthstam').textContent()).resolves.toBe('skickad (tur nu)');
    await expect(page.locator('#live-status').textContent()).resolves.toMatch(/Läget uppdaterades \d\d:\d\d\./);
    await expect(page.evaluate(() => (globalThis as unknown as { stillHere?: boolean }).stillHere)).resolves.toBe(true);
    await fits(page, 390);

    // While the secretary types a new address, the page is not replaced under her: it offers the new state.
    await page.getByLabel('Ny e-postadress för Åsa Öberg').fill('asa.ny@test.example');
    await signerApproves(people.ord);
    await page.locator('#live-status').getByRole('link', { name: 'Visa det nya läget' }).waitFor({ timeout: 20_000 });
    await expect(page.getByLabel('Ny e-postadress för Åsa Öberg').inputValue()).resolves.toBe('asa.ny@test.example');
    await expect(row('Mikael Löthstam').textContent()).resolves.toBe('skickad (tur nu)');
    expect(violations).toEqual([]);
    await ctx.close();
  });
});
