/**
 * One truth for each document (issue 16, docs/glossary.md "The documents of a protocol"): for a
 * protocol justerat through the mailed links and posted by the worker, every PDF link on the
 * secretary's dashboard, the start page, the public notice page, the three feeds and the evidence
 * downloads a file whose SHA-256 is the one printed (or given) beside it. The posted PDF begins with
 * the justerat PDF byte for byte, which begins with the frozen version; and the "Protokollet är
 * justerat" mail does not ask the secretary to post what Justera posts itself.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import type { DataSource } from 'typeorm';
import { request } from '../support/http';
import { justeraAndPost } from '../support/justera-flow';
import { waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const HEX64 = /\b[0-9a-f]{64}\b/;

/**
 * Every link to a PDF on a page, with the first SHA-256 printed after it and before the next PDF link
 * (null when there is none): "the checksum beside the download".
 */
function pdfLinksWithChecksums(html: string, isPdf: (href: string) => boolean): { href: string; sha256: string | null }[] {
  const links = [...html.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)]
    .map((m) => ({ href: m[1].replace(/&amp;/g, '&'), at: m.index! }))
    .filter((l) => isPdf(l.href));
  return links.map((l, i) => {
    const segment = html.slice(l.at, i + 1 < links.length ? links[i + 1].at : html.length);
    return { href: l.href, sha256: segment.match(HEX64)?.[0] ?? null };
  });
}

describe('one truth for each document (api + worker, PostgreSQL, Redis, SMTP)', () => {
  let ds: DataSource;
  let sys: System;
  let base: string;
  let t: Tenant;
  let protocolId: string;
  let sek: { email: string };
  let notice: { id: string; noticeUrl: string };

  const staff = async (url: string) => {
    const r = await fetch(url.startsWith('http') ? url : `${base}${url}`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } });
    if (r.status !== 200) throw new Error(`GET ${url}: ${r.status}`);
    return Buffer.from(await r.arrayBuffer());
  };
  const publicGet = async (url: string) => {
    const r = await fetch(url);
    if (r.status !== 200) throw new Error(`GET ${url}: ${r.status}`);
    return Buffer.from(await r.arrayBuffer());
  };
  const html = async (path: string, auth = true) => (auth ? staff(path) : publicGet(`${base}${path}`)).then((b) => b.toString('utf8'));

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Dokumentkommun');
    sys = await startSystem();
    base = sys.base;

    const flow = await justeraAndPost(base, sys.smtp, t.sekA.apiKey, t.organA).catch((e) => {
      throw new Error(`${String(e)}\n${sys.logs()}`);
    });
    ({ protocolId, notice } = flow);
    sek = flow.people[0];
  });

  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  it('the dashboard offers each document with its own SHA-256, and links the notice with its dates', async () => {
    const page = await html(`/justering/${protocolId}`);
    // The protocol's documents; the Verifieringsunderlag (evidence.pdf) beside the audit trail is not one of them.
    const links = pdfLinksWithChecksums(page, (h) => /\.pdf$|\/documents\/|\/document\.pdf$/.test(h) && !/\/evidence\.pdf$/.test(h));
    expect(links.length).toBe(4); // frozen version, justerat, posted, anslagsbevis
    for (const l of links) {
      expect(l.sha256).not.toBeNull();
      expect({ href: l.href, sha256: sha256(await staff(l.href)) }).toEqual(l);
    }
    expect(page).toContain(`<a href="${notice.noticeUrl}">Anslaget på anslagstavlan</a>`);
    for (const dt of ['Uppsatt', 'Sista dag att överklaga', 'Tas ned']) expect(page).toContain(`<dt>${dt}</dt>`);
    expect(page).toContain(`href="/anslag/protokoll/${protocolId}"`);
  });

  it("the secretary's notice page offers the notice's documents, each with its own SHA-256", async () => {
    const page = await html(`/anslag/protokoll/${protocolId}`);
    const links = pdfLinksWithChecksums(page, (h) => h.endsWith('.pdf'));
    expect(links.map((l) => l.href.split('/').pop())).toEqual(['protokoll.pdf', 'justerat-protokoll.pdf', 'anslagsbevis.pdf']);
    for (const l of links) expect({ href: l.href, sha256: sha256(await publicGet(l.href)) }).toEqual(l);
  });

  it('the start page offers the justerat PDF (not the unsigned rendering) with its SHA-256', async () => {
    const page = await html('/');
    const links = pdfLinksWithChecksums(page, (h) => h.startsWith(`/api/protocols/${protocolId}/`) && !h.endsWith('evidence.pdf'));
    expect(links).toHaveLength(1);
    expect(links[0].href).toMatch(/\/documents\//);
    expect(sha256(await staff(links[0].href))).toBe(links[0].sha256);
    const list = (
      await request<{ kind: string; sha256: string }[]>(base, 'GET', `/api/protocols/${protocolId}/documents`, { apiKey: t.sekA.apiKey })
    ).body;
    expect(list.find((d) => d.kind === 'justerat')?.sha256).toBe(links[0].sha256);
  });

  it('the public notice page prints beside each PDF its own SHA-256', async () => {
    const page = await html(new URL(notice.noticeUrl).pathname, false);
    const links = pdfLinksWithChecksums(page, (h) => h.endsWith('.pdf'));
    for (const l of links) expect({ href: l.href, sha256: sha256(await publicGet(l.href)) }).toEqual(l);
    expect(links.map((l) => l.href.split('/').pop())).toEqual(['protokoll.pdf', 'justerat-protokoll.pdf', 'anslagsbevis.pdf']);
    expect(page).toContain('Innehåller det justerade protokollet oförändrat');
  });

  it('the feeds give each PDF URL with its own SHA-256', async () => {
    const fields = [
      'justera:pdfUrl',
      'justera:pdfSha256',
      'justera:protocolPdfUrl',
      'justera:protocolSha256',
      'justera:anslagsbevisUrl',
      'justera:anslagsbevisSha256',
    ];
    const parser = new Parser<Record<string, unknown>, Record<string, string>>({ customFields: { item: fields } });
    const pairs: [string, string][] = [];
    for (const file of ['rss.xml', 'atom.xml']) {
      const feed = await parser.parseString((await publicGet(`${base}/anslagstavla/${t.slug}/${file}`)).toString('utf8'));
      const item = feed.items.find((i) => i.guid === notice.noticeUrl || i.id === notice.noticeUrl)!;
      expect(item).toBeDefined();
      pairs.push(
        [item['justera:pdfUrl'], item['justera:pdfSha256']],
        [item['justera:protocolPdfUrl'], item['justera:protocolSha256']],
        [item['justera:anslagsbevisUrl'], item['justera:anslagsbevisSha256']],
      );
      if (file === 'rss.xml') pairs.push([item.enclosure!.url, item['justera:pdfSha256']]);
    }
    const json = JSON.parse((await publicGet(`${base}/anslagstavla/${t.slug}/feed.json`)).toString('utf8')) as {
      items: { id: string; attachments: { url: string }[]; _justera: Record<string, string> }[];
    };
    const j = json.items.find((i) => i.id === notice.noticeUrl)!;
    pairs.push(
      [j._justera.pdfUrl, j._justera.pdfSha256],
      [j._justera.protocolPdfUrl, j._justera.protocolSha256],
      [j._justera.anslagsbevisUrl, j._justera.anslagsbevisSha256],
      [j.attachments[0].url, j._justera.pdfSha256],
    );
    expect(pairs).toHaveLength(11);
    const seen = new Map<string, string>();
    for (const [url, sha] of pairs) {
      expect(sha).toMatch(HEX64);
      seen.set(url, seen.get(url) ?? sha256(await publicGet(url)));
      expect({ url, sha256: seen.get(url) }).toEqual({ url, sha256: sha });
    }
  });

  it('the evidence lists every document with a download that gives its SHA-256, and the documents contain one another byte for byte', async () => {
    const e = (
      await request<{
        documents: {
          kind: string;
          sha256: string;
          size: number;
          url: string;
          publicUrl: string | null;
          containsSha256: string | null;
          relation: string | null;
        }[];
      }>(base, 'GET', `/api/protocols/${protocolId}/evidence.json`, { apiKey: t.revisor.apiKey })
    ).body;
    expect(e.documents.map((d) => d.kind)).toEqual(['frozen', 'justerat', 'posted', 'anslagsbevis']);
    const bytes = new Map<string, Buffer>();
    for (const d of e.documents) {
      const b = await staff(d.url);
      expect({ kind: d.kind, sha256: sha256(b), size: b.length }).toEqual({ kind: d.kind, sha256: d.sha256, size: d.size });
      if (d.publicUrl) expect(sha256(await publicGet(d.publicUrl))).toBe(d.sha256);
      bytes.set(d.kind, b);
    }
    const [frozen, justerat, posted] = ['frozen', 'justerat', 'posted'].map((k) => e.documents.find((d) => d.kind === k)!);
    expect(justerat.containsSha256).toBe(frozen.sha256);
    expect(posted.containsSha256).toBe(justerat.sha256);
    expect(bytes.get('justerat')!.subarray(0, frozen.size).equals(bytes.get('frozen')!)).toBe(true);
    expect(bytes.get('posted')!.subarray(0, justerat.size).equals(bytes.get('justerat')!)).toBe(true);
    expect(posted.relation).toContain('Innehåller det justerade protokollet oförändrat');
    // The sealed PDF of the evidence names the same documents with the same checksums.
    const dir = mkdtempSync(join(tmpdir(), 'documents-e2e-'));
    writeFileSync(join(dir, 'e.pdf'), await staff(`/api/protocols/${protocolId}/evidence.pdf`));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'e.pdf'), '-'])
      .toString('utf8')
      .replace(/\s+/g, '');
    for (const d of e.documents) expect(text).toContain(d.sha256);
    expect(text).toContain('Protokollmedanslagsuppgifter');
    // A document of another protocol, or an unknown id, is not served through this protocol.
    expect(
      (
        await fetch(`${base}/api/protocols/${protocolId}/documents/00000000-0000-4000-8000-000000000000`, {
          headers: { authorization: `Bearer ${t.sekA.apiKey}` },
        })
      ).status,
    ).toBe(404);
    expect((await fetch(`${base}${new URL(e.documents[0].url).pathname}`)).status).toBe(401);
  });

  it('the validator recognises each document and says which it is', async () => {
    const list = (
      await request<{ kind: string; url: string; nameSv: string }[]>(base, 'GET', `/api/protocols/${protocolId}/documents`, {
        apiKey: t.sekA.apiKey,
      })
    ).body;
    for (const d of list) {
      const r = await request<{ knownDocument: { document: { kind: string; name: string } | null } | null }>(
        base,
        'POST',
        '/api/validate',
        {
          body: new Uint8Array(await staff(d.url)),
          headers: { 'content-type': 'application/pdf' },
        },
      );
      expect({ kind: d.kind, recognised: r.body.knownDocument?.document?.kind }).toEqual({ kind: d.kind, recognised: d.kind });
    }
  });

  it('the "Protokollet är justerat" mail says Justera posts the notice, and asks nothing it does itself', async () => {
    const m = await waitFor(
      'the justerat mail',
      async () => sys.smtp.to(sek.email).find((x) => x.subject?.startsWith('Protokollet är justerat')),
      30_000,
    );
    expect(m.text).toContain('Justera sätter upp anslaget om justeringen på anslagstavlan automatiskt, nu direkt.');
    expect(m.text).not.toMatch(/Tillkännage|senast/);
  });
});
