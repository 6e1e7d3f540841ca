/**
 * The secretary's way in, in a real browser: the login page and the start page pass axe-core
 * (WCAG 2.1 AA), a wrong password says so, a right one lands on the protocol list, logout works.
 */
import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { axe, describeViolations, launchBrowser, phoneContext } from '../support/browser';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

describe('login and start page in Chromium', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    sys = await startApi();
    base = sys.base;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  it('logs in on a phone, with accessible pages all the way', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    expect(page.url()).toContain('/login');
    const loginViolations = await axe(page);
    expect(describeViolations(loginViolations)).toBe('');

    await page.getByLabel('E-postadress').fill(t.sekA.email);
    await page.getByLabel('Lösenord').fill('fel-lösenord-123');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Fel e-postadress eller lösenord');
    expect(describeViolations(await axe(page))).toBe('');

    await page.getByLabel('Lösenord').fill(t.sekA.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${base}/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Protokoll');
    expect(describeViolations(await axe(page))).toBe('');

    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/login/);
    await ctx.close();
  });
});
