/**
 * The auditor's report on /validera (issue 16) in Chromium without JavaScript, for a justerat and
 * posted protocol: the summary comes first (verdict, who signed what and when, what the signatures
 * cover, which of the protocol's documents the file is) and the details are folded; the page fits a
 * phone; "Ladda ned rapporten som PDF" on the result page gives a sealed PDF that pdftotext reads,
 * without uploading the file again; the anslagsbevis's seal is not named after a signer; a non-PDF
 * sent to the PDF button answers the Swedish page (415), not JSON.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { axe, describeViolations, horizontalOverflow, launchBrowser } from '../support/browser';
import { request } from '../support/http';
import { justeraAndPost } from '../support/justera-flow';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(150_000);

const WIDTHS = [390, 1280] as const;

describe('/validera: the report of an uploaded file (390 and 1280 px, with and without JavaScript)', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let base: string;
  let browser: Browser;
  let dir: string;
  const files = new Map<string, string>();
  const sha = new Map<string, string>();

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Rapportkommun');
    sys = await startSystem();
    base = sys.base;
    const flow = await justeraAndPost(base, sys.smtp, t.sekA.apiKey, t.organA).catch((e) => {
      throw new Error(`${String(e)}\n${sys.logs()}`);
    });
    dir = mkdtempSync(join(tmpdir(), 'validera-report-'));
    const e = await request<{ documents: { kind: string; url: string }[] }>(
      base,
      'GET',
      `/api/protocols/${flow.protocolId}/evidence.json`,
      {
        apiKey: t.revisor.apiKey,
      },
    );
    for (const d of e.body.documents) {
      const r = await fetch(d.url.startsWith('http') ? d.url : `${base}${d.url}`, {
        headers: { authorization: `Bearer ${t.revisor.apiKey}` },
      });
      const bytes = Buffer.from(await r.arrayBuffer());
      files.set(d.kind, join(dir, `${d.kind}.pdf`));
      sha.set(d.kind, createHash('sha256').update(bytes).digest('hex'));
      writeFileSync(files.get(d.kind)!, bytes);
    }
    writeFileSync(join(dir, 'inte-en-pdf.txt'), 'Det här är ingen PDF.\n');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  /** axe-core and the layout checks run in the page, so those contexts have JavaScript; one test runs without. */
  const context = (width: number, javaScriptEnabled = true): Promise<BrowserContext> =>
    browser.newContext({ viewport: { width, height: 844 }, locale: 'sv-SE', javaScriptEnabled, acceptDownloads: true });

  async function upload(page: Page, file: string) {
    await page.goto(`${base}/validera`);
    await page.locator('#file').setInputFiles(file);
    await page.getByRole('button', { name: 'Validera', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Valideringsrapport');
  }

  async function fits(page: Page, what: string) {
    const o = await horizontalOverflow(page);
    expect({ what, scrollWidth: o.scrollWidth, culprits: o.culprits }).toEqual({ what, scrollWidth: o.viewport, culprits: [] });
  }

  it.each(WIDTHS)(
    'at %i px: the summary first, the details folded, no overflow, axe clean; the PDF button gives the sealed report',
    async (width) => {
      const ctx = await context(width);
      const page = await ctx.newPage();
      await upload(page, files.get('posted')!);

      const summary = page.locator('section.sammanfattning');
      await expect(summary.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Resultat: GILTIG');
      const text = (await summary.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain('Protokoll med anslagsuppgifter'); // which of the four documents
      expect(text).toMatch(
        /Thomas Norgren, sekreterare \(certifierande underskrift\) \d+ \w+ \d{4} kl\. \d\d:\d\d \(styrkt av en tidsstämpel\)/,
      );
      expect(text).toContain('Mikael Löthstam, ordförande');
      expect(text).toContain('Åsa Öberg, justerare');
      // Each signature's identity level, as its certificate states it (issue 18): these signed by link alone.
      expect(text.split('Identifiering: Personlig länk via e-post (ingen e-legitimation) – enligt certifikatet från').length - 1).toBe(3);
      expect(text).toContain(`${t.organisationName} elektronisk stämpel`); // the anslag seal: the organisation's own, by its certificate's name
      expect(text).toContain('det som lagts till efter underskriften är tillåtet');
      expect(text).toContain(sha.get('frozen')!); // the version the signers approved
      expect(text).toContain(sha.get('posted')!);
      await expect(summary.isVisible()).resolves.toBe(true);

      // The details are there but folded.
      await expect(page.locator('details.kontroller').getAttribute('open')).resolves.toBeNull();
      await expect(page.locator('.valideringsrapport table').first().isVisible()).resolves.toBe(false);
      await expect(page.locator('details.underskrift').count()).resolves.toBe(6);
      const height = await page.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight,
      );
      expect(height).toBeLessThan(width === 390 ? 3500 : 2200);
      await fits(page, `report at ${width}`);
      expect(describeViolations(await axe(page))).toBe('');

      // Opened, every detail still fits the width.
      await page.locator('details summary').evaluateAll((els) => els.forEach((el) => (el as unknown as { click(): void }).click()));
      await expect(page.locator('.valideringsrapport table').first().isVisible()).resolves.toBe(true);
      await fits(page, `report at ${width}, every detail open`);

      // The PDF report from the result page itself: no second upload.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Ladda ned rapporten som PDF' }).click(),
      ]);
      const pdf = join(dir, `rapport-${width}.pdf`);
      await download.saveAs(pdf);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const report = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(report).toContain('Valideringsrapport');
      expect(report).toContain('Resultat: GILTIG');
      expect(report).toContain('Filen är: Protokoll med anslagsuppgifter');
      expect(report).toContain('signerad av Mikael Löthstam (ordförande)');
      expect(report.replace(/ /g, '')).toContain(sha.get('posted')!);
      await ctx.close();
    },
  );

  it('works without JavaScript: the summary, and the PDF report from the result page', async () => {
    const ctx = await context(390, false);
    const page = await ctx.newPage();
    await upload(page, files.get('justerat')!);
    const summary = (await page.locator('section.sammanfattning').innerText()).replace(/\s+/g, ' ');
    expect(summary).toContain('Justerat protokoll för');
    expect(summary).toContain('Åsa Öberg, justerare');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Ladda ned rapporten som PDF' }).click(),
    ]);
    const pdf = join(dir, 'rapport-utan-js.pdf');
    await download.saveAs(pdf);
    const report = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(report).toContain('Filen är: Justerat protokoll');
    await ctx.close();
  });

  it('names the anslagsbevis and its seal, never a signer of the protocol', async () => {
    const ctx = await context(390);
    const page = await ctx.newPage();
    await upload(page, files.get('anslagsbevis')!);
    const summary = (await page.locator('section.sammanfattning').innerText()).replace(/\s+/g, ' ');
    expect(summary).toContain('Anslagsbevis för');
    expect(summary).toContain(`${t.organisationName} elektronisk stämpel`);
    for (const signer of ['Thomas Norgren', 'Mikael Löthstam', 'Åsa Öberg']) expect(summary).not.toContain(signer);
    // The details do not pair the seal with a signer either.
    await expect(page.locator('details.kant').textContent()).resolves.not.toContain('Underskrifterna i filen');
    await fits(page, 'anslagsbevis report');
    await ctx.close();
  });

  it('a non-PDF sent to the PDF button answers the Swedish page with 415, and a forged result token a Swedish 400', async () => {
    const ctx = await context(390);
    const page = await ctx.newPage();
    await page.goto(`${base}/validera`);
    await page.locator('#file').setInputFiles(join(dir, 'inte-en-pdf.txt'));
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/validera/rapport.pdf')),
      page.getByRole('button', { name: 'Ladda ned rapporten som PDF' }).click(),
    ]);
    expect(response.status()).toBe(415);
    expect(response.headers()['content-type']).toMatch(/^text\/html/);
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Filen är inte en PDF.');
    // At the file field, in view on a phone without scrolling (it stood below all three forms).
    const alertBox = await page.getByRole('alert').boundingBox();
    expect(alertBox!.y + alertBox!.height).toBeLessThan(page.viewportSize()!.height);
    await expect(page.locator('#file').getAttribute('aria-describedby')).resolves.toBe('file-error');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Validera ett signerat protokoll');
    expect(await page.content()).not.toContain('statusCode');
    await fits(page, '415 page');
    expect(describeViolations(await axe(page))).toBe('');

    const forged = await fetch(`${base}/validera/rapport.pdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ rapport: 'eyJ9.AAAA' }).toString(),
    });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await forged.text()).toContain('Ladda upp filen igen');
    await ctx.close();
  });
});
