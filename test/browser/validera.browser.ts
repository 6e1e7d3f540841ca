/**
 * /validera in Chromium for a document Justera knows: the lookups by transaction id and SHA-256
 * and the upload of the final signed PDF show which protocol and version it is, pass axe-core
 * (WCAG 2.1 A/AA) and work without JavaScript; a revisor (API key) also sees the evidence table.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { axe, describeViolations, launchBrowser, phoneContext } from '../support/browser';
import { request } from '../support/http';
import { justeraWithChangeRequest, type FlowResult } from '../support/justera-flow';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

describe('/validera in Chromium for a known document', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let base: string;
  let browser: Browser;
  let flow: FlowResult;
  let file: string;
  let transactionId: string;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Valideringskommun');
    sys = await startSystem();
    base = sys.base;
    flow = await justeraWithChangeRequest(base, sys.smtp, t.sekA.apiKey, t.organA);
    file = join(mkdtempSync(join(tmpdir(), 'validera-browser-')), 'justerat.pdf');
    writeFileSync(file, flow.finalPdf);
    const e = await request<{ signers: { transactionId: string }[] }>(base, 'GET', `/api/protocols/${flow.protocolId}/evidence.json`, { apiKey: t.revisor.apiKey });
    transactionId = e.body.signers[3].transactionId;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  it('looks up a transaction id and uploads the signed PDF (phone, axe)', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/validera`);
    await page.getByLabel(/Transaktions-id/).fill(transactionId);
    await page.getByLabel(/Transaktions-id/).press('Enter');
    await expect(page.getByRole('heading', { name: 'Justera känner igen dokumentet' }).count()).resolves.toBe(1);
    await expect(page.locator('#kant + dl').textContent()).resolves.toContain(flow.title);
    expect(await page.content()).not.toContain('@test.example');
    expect(describeViolations(await axe(page))).toBe('');

    await page.goto(`${base}/validera`);
    await page.locator('#file').setInputFiles(file);
    await page.getByRole('button', { name: 'Validera', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Valideringsrapport');
    await expect(page.locator('#kant + dl').textContent()).resolves.toContain('efter underskrift av Åsa Öberg');
    expect(describeViolations(await axe(page))).toBe('');
    await ctx.close();
  });

  it('shows a revisor the evidence table (desktop, JavaScript off, axe on a second context)', async () => {
    const headers = { authorization: `Bearer ${t.revisor.apiKey}` };
    const off = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', javaScriptEnabled: false, extraHTTPHeaders: headers });
    const page = await off.newPage();
    await page.goto(`${base}/validera?transaction=${transactionId}`);
    await expect(page.getByRole('table', { name: 'Underskrifter med identifiering' }).getByRole('row').count()).resolves.toBe(5);
    await expect(page.getByRole('link', { name: /verifieringsunderlag \(PDF\)/ }).count()).resolves.toBe(1);
    await off.close();
    const on = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', extraHTTPHeaders: headers });
    const p2 = await on.newPage();
    await p2.goto(`${base}/validera?transaction=${transactionId}`);
    expect(describeViolations(await axe(p2))).toBe('');
    await on.close();
  });
});
