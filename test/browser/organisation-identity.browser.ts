/**
 * The organisation's identity (issue 16): an admin renames the organisation on /admin/organisation
 * (axe-clean, fits 1280 and 390 px, field errors in Swedish, audited and shown on the overview; a
 * secretary is refused), then a justering runs and every signer certificate and the organisation seal
 * — on the posted PDF and on the anslagsbevis — name the new name, checked with pdfsig (NSS, trusting
 * the installation's root) and openssl; the CA itself keeps its own name.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { nssDbTrusting, pdfsig, signaturesIn, signedBytes } from '../../libs/pades/src/testing/pdf-checks';
import { axe, describeViolations, horizontalOverflow, launchBrowser } from '../support/browser';
import { request } from '../support/http';
import { justeraAndPost } from '../support/justera-flow';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(180_000);

describe("the organisation's name on /admin/organisation, in the signer certificates and in the seal", () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  let base: string;
  let browser: Browser;
  let admin: Page;
  const dir = mkdtempSync(join(tmpdir(), 'organisation-identity-'));
  const newName = `Nämndkommunen Öst ${Date.now().toString(36)}`;

  async function checkPage(page: Page, what: string) {
    expect(`${what}: ${describeViolations(await axe(page))}`).toBe(`${what}: `);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const o = await horizontalOverflow(page);
      expect({ what, width, scrollWidth: o.scrollWidth, culprits: o.culprits }).toEqual({
        what,
        width,
        scrollWidth: o.viewport,
        culprits: [],
      });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Gamlakommunen');
    sys = await startSystem();
    base = sys.base;
    browser = await launchBrowser();
    admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' })).newPage();
    await admin.goto(`${base}/login`);
    await admin.getByLabel('E-postadress').fill(t.admin.email);
    await admin.getByLabel('Lösenord').fill(t.admin.password);
    await admin.getByRole('button', { name: 'Logga in' }).click();
    await admin.waitForURL(`${base}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  it('renames the organisation: errors at the field, then saved, audited and on the overview; only for its admin', async () => {
    await admin.goto(`${base}/admin`);
    await admin.getByRole('link', { name: 'Organisationen' }).first().click();
    await admin.waitForURL(`${base}/admin/organisation`);
    await expect(admin.getByLabel('Organisationens namn').inputValue()).resolves.toBe(t.organisationName);
    await expect(admin.locator('main').textContent()).resolves.toContain(`${t.slug}`);
    await checkPage(admin, 'organisation');

    await admin.getByLabel('Organisationens namn').fill('   ');
    await admin.getByRole('button', { name: 'Spara namnet' }).click();
    await expect(admin.locator('#organisation-name-error').textContent()).resolves.toBe('Skriv organisationens namn.');
    await expect(admin.getByRole('alert').textContent()).resolves.toContain('Formuläret behöver rättas');
    await checkPage(admin, 'organisation with an error');
    const [still] = await ds.query(`SELECT name FROM organisations WHERE id = $1`, [t.organisationId]);
    expect(still.name).toBe(t.organisationName);

    await admin.getByLabel('Organisationens namn').fill(newName);
    await admin.getByRole('button', { name: 'Spara namnet' }).click();
    await admin.waitForURL(/klart=sparat/);
    await expect(admin.getByRole('status').textContent()).resolves.toContain('Namnet är sparat');
    await expect(admin.getByLabel('Organisationens namn').inputValue()).resolves.toBe(newName);
    await checkPage(admin, 'organisation saved');
    const [row] = await ds.query(`SELECT name FROM organisations WHERE id = $1`, [t.organisationId]);
    expect(row.name).toBe(newName);
    const audit = await ds.query(
      `SELECT actor, detail FROM admin_audit_events WHERE organisation_id = $1 AND action = 'organisation.renamed'`,
      [t.organisationId],
    );
    expect(audit).toEqual([{ actor: `user:${t.admin.id}`, detail: JSON.stringify({ before: t.organisationName, after: newName }) }]);
    await admin.goto(`${base}/admin`);
    await expect(admin.locator('main').textContent()).resolves.toContain(
      `bytte organisationens namn från ${t.organisationName} till ${newName}`,
    );

    // A secretary may not read or change it; a form without the session's CSRF token is refused.
    const sek = await request(base, 'GET', '/admin/organisation', { apiKey: t.sekA.apiKey });
    expect(sek.status).toBe(403);
    const cookies = await admin.context().cookies();
    const noCsrf = await fetch(`${base}/admin/organisation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
      body: new URLSearchParams({ name: 'Kapad kommun' }).toString(),
      redirect: 'manual',
    });
    expect(noCsrf.status).toBe(403);
    const [after] = await ds.query(`SELECT name FROM organisations WHERE id = $1`, [t.organisationId]);
    expect(after.name).toBe(newName);
  });

  it('a justering after the rename: the signer certificates and the seal of the posted PDF and the anslagsbevis name the new name', async () => {
    const flow = await justeraAndPost(base, sys.smtp, t.sekA.apiKey, t.organA).catch((e) => {
      throw new Error(`${String(e)}\n${sys.logs()}`);
    });
    const evidence = await request<{ documents: { kind: string; url: string }[] }>(
      base,
      'GET',
      `/api/protocols/${flow.protocolId}/evidence.json`,
      {
        apiKey: t.revisor.apiKey,
      },
    );
    const files = new Map<string, string>();
    for (const d of evidence.body.documents) {
      const r = await fetch(d.url.startsWith('http') ? d.url : `${base}${d.url}`, {
        headers: { authorization: `Bearer ${t.revisor.apiKey}` },
      });
      files.set(d.kind, join(dir, `${d.kind}.pdf`));
      writeFileSync(files.get(d.kind)!, Buffer.from(await r.arrayBuffer()));
    }
    expect([...files.keys()]).toEqual(expect.arrayContaining(['justerat', 'posted', 'anslagsbevis']));
    const rootPem = await (await fetch(`${base}/pki/root.pem`)).text();
    writeFileSync(join(dir, 'root.pem'), rootPem);
    // The CA is the installation's (JUSTERA_ORGANISATION's), not the organisation's.
    expect(new X509Certificate(rootPem).subject).not.toContain(newName);

    /** openssl: each CMS verifies against our root, and its signer certificate's subject. */
    const signerSubjects = (file: string): string[] => {
      const pdf = readFileSync(file);
      return signaturesIn(pdf)
        .filter((s) => !s.documentTimestamp)
        .map((s, i) => {
          const cms = join(dir, `${i}.cms`);
          const signer = join(dir, `${i}.signer.pem`);
          writeFileSync(cms, s.cms);
          writeFileSync(join(dir, `${i}.bin`), signedBytes(pdf, s.byteRange));
          const v = spawnSync(
            'openssl',
            [
              'cms',
              '-verify',
              '-binary',
              '-inform',
              'DER',
              '-in',
              cms,
              '-content',
              join(dir, `${i}.bin`),
              '-CAfile',
              join(dir, 'root.pem'),
              '-purpose',
              'any',
              '-signer',
              signer,
              '-out',
              '/dev/null',
            ],
            { encoding: 'utf8' },
          );
          expect(v.stderr.trim()).toBe('CMS Verification successful');
          return spawnSync('openssl', ['x509', '-in', signer, '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus'], {
            encoding: 'utf8',
          }).stdout.trim();
        });
    };

    // The posted PDF: the three signers, then the seal over the filled ANSLAG fields.
    const posted = signerSubjects(files.get('posted')!);
    expect(posted).toHaveLength(4);
    for (const s of posted) expect(s).toContain(`O=${newName}`);
    expect(posted[3]).toContain(`CN=${newName} elektronisk stämpel`);
    for (const s of posted) expect(s).not.toContain(t.organisationName);
    // The justerat PDF: the signers only, each certificate naming the new name.
    const justerat = signerSubjects(files.get('justerat')!);
    expect(justerat).toHaveLength(3);
    for (const s of justerat) expect(s).toContain(`O=${newName}`);
    // The anslagsbevis: sealed by the organisation under its new name.
    expect(signerSubjects(files.get('anslagsbevis')!)).toEqual([expect.stringContaining(`CN=${newName} elektronisk stämpel`)]);

    // pdfsig (NSS, trusting our root): valid and trusted, naming the organisation by its new name.
    const nss = await nssDbTrusting(Buffer.from(new X509Certificate(rootPem).raw));
    try {
      for (const kind of ['posted', 'anslagsbevis']) {
        const ps = await pdfsig(nss, files.get(kind)!);
        const sigs = ps.signatures.filter((s) => !s.documentTimestamp);
        for (const s of sigs)
          expect({ kind, i: s.index, valid: s.valid, trusted: s.trusted }).toEqual({ kind, i: s.index, valid: true, trusted: true });
        for (const s of sigs) expect(s.text).toContain(`O=${newName}`);
        expect(ps.out).toContain(`${newName} elektronisk stämpel`);
        expect(ps.out).not.toContain(t.organisationName);
      }
    } finally {
      nss.cleanup();
    }
  });
});
