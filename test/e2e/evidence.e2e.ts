/**
 * Evidence (docs/signatures.md) and "Justera knows this document" (docs/validation.md): a justering run to the end through
 * the real SMTP server and the mailed links (api and worker as separate processes), then the
 * Verifieringsunderlag (JSON and sealed PDF), who may read it, and what validation tells the public
 * and an authorised auditor about the signed PDF.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { formatDateSv } from '@justera/sv';
import { validatePdf } from '@justera/validation';
import { waitFor } from '../support/processes';
import { request } from '../support/http';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';
import { addUserWithKey } from '../support/users';
import { justeraWithChangeRequest } from '../support/justera-flow';

jest.setTimeout(120_000);

interface Signer {
  roundId: string;
  versionNumber: number;
  name: string;
  role: string;
  email: string;
  identifiedBy: string;
  method: string;
  signedAt: string;
  ip: string | null;
  userAgent: string | null;
  transactionId: string;
  approvedSha256: string;
  revisionSha256: string | null;
}
interface Evidence {
  schema: string;
  protocol: { id: string; title: string };
  versions: {
    number: number;
    sha256: string;
    previousSha256: string | null;
    current: boolean;
    signedRevisions: { sha256: string; transactionId: string }[];
  }[];
  signers: Signer[];
  audit: { chainValid: boolean; verification: { ok: boolean; count: number }; events: { type: string; hash: string }[] };
  anslag: {
    postedDate: string | null;
    lastAppealDay: string | null;
    takeDownDate: string | null;
    filledDocumentSha256: string | null;
    anslagsbevis: { sha256: string } | null;
  }[];
}
interface Known {
  protocolId: string;
  title: string;
  revision: number;
  match: { kind: string; versionNumber: number; transactionId: string | null; afterSignatureOf: { name: string; role: string } | null };
  version: { number: number; sha256: string; current: boolean };
  signers: { name: string; role: string; signedAt: string; transactionId: string }[];
  signatures: { index: number; field: string; revision: number | null; transactionId: string; name: string; role: string }[];
  anslag: { postedDate: string | null; lastAppealDay: string | null; takeDownDate: string | null }[];
  evidence?: Evidence;
}
interface Report {
  verdict: string;
  document: { sha256: string; revisions: number };
  signatures: { revision: number | null }[];
  knownDocument: Known | null;
}

describe('evidence and known documents (api + worker, PostgreSQL, Redis, SMTP)', () => {
  let ds: DataSource;
  let sys: System;
  let base: string;
  let t: Tenant;
  let other: Tenant;
  let sekB: string;
  let dir: string;
  let protocolId: string;
  let title: string;
  let finalPdf: Buffer;
  let sek: { name: string; email: string };
  let ord: { name: string; email: string };
  let jus: { name: string; email: string };

  const validate = (pdf: Buffer, apiKey?: string) =>
    request<Report>(base, 'POST', '/api/validate', { body: new Uint8Array(pdf), headers: { 'content-type': 'application/pdf' }, apiKey });

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    other = await createTenant(ds, 'Annan kommun');
    sekB = (await addUserWithKey(ds, t.organisationId, 'sekreterare', [t.organB])).apiKey;
    sys = await startSystem();
    base = sys.base;
    dir = mkdtempSync(join(tmpdir(), 'evidence-e2e-'));

    // A justering with a change request: version 1 (signed by the secretary, then voided), version 2 signed by all.
    const flow = await justeraWithChangeRequest(base, sys.smtp, t.sekA.apiKey, t.organA);
    ({ protocolId, title, finalPdf } = flow);
    [sek, ord, jus] = flow.people;
  });

  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  it('evidence.json: every version hash with its predecessor, the signer table and a verified audit chain', async () => {
    const r = await request<Evidence>(base, 'GET', `/api/protocols/${protocolId}/evidence.json`, { apiKey: t.sekA.apiKey });
    expect(r.status).toBe(200);
    const e = r.body;
    expect(e.schema).toBe('justera.evidence/1');
    expect(e.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(e.versions[0].previousSha256).toBeNull();
    expect(e.versions[1].previousSha256).toBe(e.versions[0].sha256);
    expect(e.versions[1].current).toBe(true);
    // Version 2 got three signed revisions; the last one is the file we downloaded.
    expect(e.versions[1].signedRevisions).toHaveLength(3);
    expect(e.versions[1].signedRevisions[2].sha256).toBe(createHash('sha256').update(finalPdf).digest('hex'));
    // Four signatures: the secretary's on version 1 (voided by the change) and three on version 2.
    expect(e.signers.map((x) => [x.versionNumber, x.name, x.role])).toEqual([
      [1, sek.name, 'sekreterare'],
      [2, sek.name, 'sekreterare'],
      [2, ord.name, 'ordforande'],
      [2, jus.name, 'justerare'],
    ]);
    for (const x of e.signers) {
      expect(x.email).toMatch(/@test\.example$/);
      expect(x.identifiedBy).toBeTruthy();
      expect(x.method).toBeTruthy();
      expect(x.ip).toMatch(/127\.0\.0\.1|::1/);
      expect(x.userAgent).toBe('EvidenceTest/1.0');
      expect(x.transactionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(x.signedAt)).not.toBeNaN();
    }
    expect(e.signers[3].approvedSha256).toBe(e.versions[1].sha256);
    expect(e.audit.chainValid).toBe(true);
    expect(e.audit.verification.count).toBe(e.audit.events.length);
    expect(e.audit.events.map((x) => x.type)).toContain('completed');
  });

  it('evidence.pdf is sealed: pdfsig and our validator accept it, pdftotext shows the signers', async () => {
    const r = await fetch(`${base}/api/protocols/${protocolId}/evidence.pdf`, { headers: { authorization: `Bearer ${t.revisor.apiKey}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/pdf');
    const pdf = Buffer.from(await r.arrayBuffer());
    const file = join(dir, 'underlag.pdf');
    writeFileSync(file, pdf);
    expect(spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout).toContain('Signature is Valid.');
    const root = await (await fetch(`${base}/pki/root.pem`)).text();
    expect(validatePdf(pdf, { trustAnchors: [root] }).verdict).toBe('GILTIG');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Verifieringsunderlag');
    for (const who of [sek, ord, jus]) {
      expect(text).toContain(who.name);
      expect(text).toContain(who.email);
    }
    expect(text).toContain('Hashkedjan är obruten');
  });

  it('who may read it: revisor yes, sekreterare of another organ 403, another organisation 404, no login 401', async () => {
    expect((await request(base, 'GET', `/api/protocols/${protocolId}/evidence.json`, { apiKey: t.revisor.apiKey })).status).toBe(200);
    expect((await request(base, 'GET', `/api/protocols/${protocolId}/evidence.json`, { apiKey: sekB })).status).toBe(403);
    expect((await request(base, 'GET', `/api/protocols/${protocolId}/evidence.json`, { apiKey: other.revisor.apiKey })).status).toBe(404);
    expect((await request(base, 'GET', `/api/protocols/${protocolId}/evidence.json`)).status).toBe(401);
    expect((await request(base, 'GET', `/api/protocols/${protocolId}/evidence.pdf`)).status).toBe(401);
    expect((await request(base, 'GET', `/api/protocols/${protocolId}/evidence.pdf`, { apiKey: sekB })).status).toBe(403);
    // The secretary's start page links the underlag of the protocol.
    const home = await (await fetch(`${base}/`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } })).text();
    expect(home).toContain(`href="/api/protocols/${protocolId}/evidence.pdf"`);
  });

  it('/api/validate names protocol, version and revision; anonymously without IPs or e-mail, with the revisor key with the evidence', async () => {
    const anon = await validate(finalPdf);
    expect(anon.status).toBe(200);
    const k = anon.body.knownDocument!;
    expect(k).toBeTruthy();
    expect(k.protocolId).toBe(protocolId);
    expect(k.title).toBe(title);
    expect(k.match.kind).toBe('signed');
    expect(k.match.versionNumber).toBe(2);
    expect(k.version.number).toBe(2);
    expect(k.match.afterSignatureOf).toEqual({ name: jus.name, role: 'justerare' });
    expect(k.revision).toBe(anon.body.document.revisions);
    expect(k.signers.map((x) => x.name)).toEqual([sek.name, ord.name, jus.name]);
    // Each signature in the file is paired with Justera's record of it (transaction id) and the revision it covers.
    expect(k.signatures.map((x) => x.name)).toEqual([sek.name, ord.name, jus.name]);
    expect(k.signatures.map((x) => x.transactionId)).toEqual(k.signers.map((x) => x.transactionId));
    for (const x of k.signatures) expect(x.revision).toBe(anon.body.signatures[x.index].revision);
    expect(new Set(k.signatures.map((x) => x.revision)).size).toBe(3);
    const publicJson = JSON.stringify(k);
    expect(publicJson).not.toMatch(/@test\.example/);
    expect(publicJson).not.toMatch(/127\.0\.0\.1|::1|EvidenceTest/);
    expect(k.evidence).toBeUndefined();

    const authed = await validate(finalPdf, t.revisor.apiKey);
    const ke = authed.body.knownDocument!;
    expect(ke.evidence?.audit.chainValid).toBe(true);
    expect(ke.evidence?.signers.map((x) => x.email)).toEqual([sek.email, sek.email, ord.email, jus.email]);
    expect(ke.evidence?.signers.every((x) => !!x.ip)).toBe(true);
    // Another organisation's revisor sees only the public part.
    expect((await validate(finalPdf, other.revisor.apiKey)).body.knownDocument?.evidence).toBeUndefined();

    // The sealed validation report names the protocol and the signers, without e-mail addresses.
    const report = await fetch(`${base}/api/validate/report.pdf`, {
      method: 'POST',
      body: new Uint8Array(finalPdf),
      headers: { 'content-type': 'application/pdf' },
    });
    expect(report.status).toBe(200);
    const reportFile = join(dir, 'rapport.pdf');
    writeFileSync(reportFile, Buffer.from(await report.arrayBuffer()));
    const reportText = execFileSync('pdftotext', [reportFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(reportText).toContain('Justera känner igen dokumentet');
    expect(reportText).toContain(`signerad av ${ord.name} (ordförande)`);
    expect(reportText).toContain(`transaktion ${k.signers[2].transactionId}`);
    expect(reportText).not.toContain('@test.example');

    // A file Justera never saw is not known.
    const tampered = Buffer.concat([finalPdf, Buffer.from('\n% tillägg\n')]);
    expect((await validate(tampered)).body.knownDocument).toBeNull();
  });

  it('/validera finds the protocol by transaction id and by SHA-256, and shows no IPs or e-mail anonymously', async () => {
    const e = (await request<Evidence>(base, 'GET', `/api/protocols/${protocolId}/evidence.json`, { apiKey: t.revisor.apiKey })).body;
    const tx = e.signers[2].transactionId;
    const byTx = await fetch(`${base}/validera?transaction=${tx}`);
    expect(byTx.status).toBe(200);
    const txPage = await byTx.text();
    expect(txPage).toContain('Justera känner igen dokumentet');
    expect(txPage).toContain(ord.name);
    expect(txPage).not.toContain(ord.email);
    expect(txPage).not.toMatch(/127\.0\.0\.1|EvidenceTest/);

    // The SHA-256 shown on the signing page (the frozen version 2).
    const bySha = await (await fetch(`${base}/validera?sha256=${e.versions[1].sha256}`)).text();
    expect(bySha).toContain('Justera känner igen dokumentet');
    expect(bySha).toContain('frysta versionen');
    expect(bySha).not.toContain('@test.example');

    // The revisor sees the evidence on the same page.
    const revisorPage = await (
      await fetch(`${base}/validera?transaction=${tx}`, { headers: { authorization: `Bearer ${t.revisor.apiKey}` } })
    ).text();
    expect(revisorPage).toContain('Verifieringsunderlag');
    expect(revisorPage).toContain(ord.email);

    // Version 1 was replaced after the change request: known, but marked as replaced.
    const replaced = await (await fetch(`${base}/validera?sha256=${e.versions[0].sha256}`)).text();
    expect(replaced).toContain('ersatt av en senare version');
    expect(bySha).not.toContain('ersatt av en senare version');

    const unknown = await (await fetch(`${base}/validera?sha256=${'0'.repeat(64)}`)).text();
    expect(unknown).toContain('känner inte till');
  });

  it('after posting: the anslag dates and anslagsbevis are in the evidence, public anslag dates in validation, the filled PDF is known', async () => {
    const e = await waitFor(
      'the anslag notice with its anslagsbevis',
      async () => {
        const r = await request<Evidence>(base, 'GET', `/api/protocols/${protocolId}/evidence.json`, { apiKey: t.sekA.apiKey });
        return r.body.anslag?.find((a) => a.postedDate && a.anslagsbevis && a.filledDocumentSha256) ? r.body : undefined;
      },
      60_000,
      300,
    ).catch((err) => {
      throw new Error(`${String(err)}\n${sys.worker.log().slice(-4000)}`);
    });
    const a = e.anslag[0];
    expect(a.lastAppealDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(a.takeDownDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const pdf = await fetch(`${base}/api/protocols/${protocolId}/evidence.pdf`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } });
    const file = join(dir, 'underlag-anslag.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain(`anslaget uppsatt ${a.postedDate}`);
    expect(text).toContain(a.anslagsbevis!.sha256);

    const k = (await validate(finalPdf)).body.knownDocument!;
    expect(k.anslag).toEqual([{ postedDate: a.postedDate, lastAppealDay: a.lastAppealDay, takeDownDate: a.takeDownDate }]);
    const filled = await (await fetch(`${base}/validera?sha256=${a.filledDocumentSha256}`)).text();
    expect(filled).toContain('ifyllda anslagsuppgifter');
    // Dates in Swedish on the page ("6 december 2026"), not ISO.
    expect(filled).toContain(`Anslaget uppsatt ${formatDateSv(a.postedDate!, { weekday: false })}`);
    expect(filled).not.toContain('@test.example');
  });
});
