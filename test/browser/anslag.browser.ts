/**
 * The public anslagstavla in Chromium: the board (current notices and the archive), a notice page
 * and the appeal page pass axe-core (WCAG 2.1 A/AA) on a phone and on a desktop, work without
 * JavaScript, and the links lead where they say.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { TestClock, insertNotice } from '../support/anslag';
import { axe, describeViolations, launchBrowser, phoneContext } from '../support/browser';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

describe('anslagstavla in Chromium', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let base: string;
  let browser: Browser;
  let clock: TestClock;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Tavelkommun');
    clock = new TestClock(t.organisationId);
    sys = await startApi();
    base = sys.base;
    // The notices are written as the worker stores them (the e2e tier tests the worker): one taken down, one current.
    clock.set('2027-01-20T10:05:00Z');
    await insertNotice(ds, { organisationId: t.organisationId, organId: t.organA, protocolId: randomUUID(), organName: 'Kommunstyrelsen', meetingDate: '2026-11-25', paragraphs: '§§ 627–638', postedDate: '2026-12-02', lastAppealDay: '2026-12-23', takeDownDate: '2026-12-24', state: 'archived', takenDownAt: new Date('2026-12-23T23:00:00Z') });
    await insertNotice(ds, { organisationId: t.organisationId, organId: t.organB, protocolId: randomUUID(), type: 'Justerat protokollsutdrag', organName: 'Socialnämnden <&> "test"', meetingDate: '2027-01-14', paragraphs: '§§ 1–3', postedDate: '2027-01-20', lastAppealDay: '2027-02-10', takeDownDate: '2027-02-11', state: 'current' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    clock?.clear();
    await ds?.destroy();
  });

  for (const device of ['phone', 'desktop'] as const) {
    it(`shows the board, a notice and the appeal page (${device === 'phone' ? 'phone, checked with axe' : 'desktop, JavaScript off'})`, async () => {
      const ctx = device === 'phone' ? await phoneContext(browser) : await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', javaScriptEnabled: false });
      const page = await ctx.newPage();
      await page.goto(`${base}/anslagstavla/${t.slug}`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Anslagstavla');
      await expect(page.getByRole('heading', { name: /Aktuella anslag \(1\)/ }).count()).resolves.toBe(1);
      await expect(page.getByRole('table').getByRole('link').count()).resolves.toBe(1);
      if (device === 'phone') expect(describeViolations(await axe(page))).toBe('');

      await page.getByRole('link', { name: /Justerat protokollsutdrag/ }).first().click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Justerat protokollsutdrag');
      await expect(page.locator('dl.facts').textContent()).resolves.toContain('Sista dag att överklaga');
      if (device === 'phone') expect(describeViolations(await axe(page))).toBe('');

      await page.goto(`${base}/anslagstavla/${t.slug}/overklaga`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Så överklagar du (laglighetsprövning)');
      if (device === 'phone') expect(describeViolations(await axe(page))).toBe('');
      await ctx.close();
    });
  }

  it('has no axe violations on the desktop board and an archived notice', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    const page = await ctx.newPage();
    await page.goto(`${base}/anslagstavla/${t.slug}`);
    expect(describeViolations(await axe(page))).toBe('');
    await page.getByRole('table').getByRole('link').first().click();
    await expect(page.getByText('Anslaget är nedtaget.').count()).resolves.toBe(1);
    expect(describeViolations(await axe(page))).toBe('');
    await ctx.close();
  });
});
