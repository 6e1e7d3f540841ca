import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { request } from './http';
import { ROOT, waitFor } from './processes';
import type { TestSmtpServer } from './smtp';

/**
 * After the last approval the round is 'signing' until the worker's justering.sign job has appended
 * every signature, then 'completed'. Waits for that and returns the protocol's status body.
 */
export async function waitForCompletedRound<T extends { rounds: { status: string }[] }>(
  base: string,
  apiKey: string,
  protocolId: string,
  timeoutMs = 60_000,
): Promise<T> {
  return waitFor(
    'the round completed by the signing job',
    async () => {
      const st = await request<T>(base, 'GET', `/api/protocols/${protocolId}/status`, { apiKey });
      return st.body.rounds?.[0]?.status === 'completed' ? st.body : undefined;
    },
    timeoutMs,
  );
}

export interface FlowResult {
  protocolId: string;
  roundId: string;
  title: string;
  finalPdf: Buffer;
  people: { role: string; name: string; email: string }[];
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'EvidenceTest/1.0' };

/**
 * Runs one whole justering through the mailed links (as test/e2e/justering.e2e.ts does): version 1
 * signed by the secretary, a change request by the ordförande, version 2 signed by all three.
 * Signers' requests carry the user agent "EvidenceTest/1.0".
 */
export async function justeraWithChangeRequest(base: string, smtp: TestSmtpServer, apiKey: string, organId: string): Promise<FlowResult> {
  const s = randomBytes(4).toString('hex');
  const sek = { role: 'sekreterare', name: 'Thomas Norgren', email: `sek-${s}@test.example` };
  const ord = { role: 'ordforande', name: 'Mikael Löthstam', email: `ord-${s}@test.example` };
  const jus = { role: 'justerare', name: 'Åsa Öberg', email: `jus-${s}@test.example` };
  const mail = (to: string, subject: string, n = 1): Promise<ParsedMail> =>
    waitFor(`mail ${n} "${subject}" to ${to}`, async () => smtp.to(to).filter((m) => m.subject?.startsWith(subject))[n - 1], 20_000);
  const linkOf = (m: ParsedMail): string => {
    const found = (m.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/);
    if (!found) throw new Error(`no signing link in ${m.subject}`);
    return found[0];
  };
  const signVia = async (link: string) => {
    const page = await (await fetch(link, { headers: { 'user-agent': FORM['user-agent'] } })).text();
    const sha = page.match(/name="sha256" value="([0-9a-f]{64})"/)?.[1] ?? '';
    const r = await fetch(link, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ action: 'sign', confirm: 'ja', sha256: sha }).toString(),
      redirect: 'manual',
    });
    if (r.status !== 200) throw new Error(`sign: ${r.status}`);
  };
  const ok = (what: string, status: number, expected: number, text: string) => {
    if (status !== expected) throw new Error(`${what}: ${status} ${text}`);
  };

  const protocol = JSON.parse(
    readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8'),
  ) as Record<string, unknown> & { meeting: { date: string } };
  protocol.meeting.date = new Date().toISOString().slice(0, 10);
  // Content of its own: other tests in the run justera the same fixture on the same day, and the
  // renderer is deterministic, so identical content would give identical PDFs (and SHA-256 lookups
  // that find the other test's protocol).
  protocol.storagePlace = `Kommunarkivet, hylla ${randomBytes(4).toString('hex')}`;
  const created = await request<{ id: string }>(base, 'POST', '/api/protocols', { apiKey, json: { organId, protocol } });
  ok('create', created.status, 201, created.text);
  const protocolId = created.body.id;
  const started = await request<{ title: string; rounds: { id: string }[] }>(base, 'POST', `/api/protocols/${protocolId}/justering`, {
    apiKey,
    json: { signatories: [sek, ord, jus] },
  });
  ok('start', started.status, 201, started.text);
  const roundId = started.body.rounds[0].id;
  await signVia(linkOf(await mail(sek.email, 'Protokoll att justera')));
  const cr = await fetch(linkOf(await mail(ord.email, 'Protokoll att justera')), {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ action: 'change', comment: 'Fel datum i § 628.' }).toString(),
  });
  ok('change request', cr.status, 200, '');
  (protocol as { notes?: unknown[] }).notes = [{ text: 'Rättad version.' }];
  const nv = await request(base, 'POST', `/api/protocols/${protocolId}/justering/${roundId}/versions`, {
    apiKey,
    json: { protocol, reason: 'Datumet i § 628 är rättat.' },
  });
  ok('new version', nv.status, 201, nv.text);
  await signVia(linkOf(await mail(sek.email, 'Ny version att justera')));
  // The ordförande, who asked for the change, gets the new-version mail when his turn comes.
  await signVia(linkOf(await mail(ord.email, 'Ny version att justera')));
  await signVia(linkOf(await mail(jus.email, 'Protokoll att justera')));
  // The approvals are recorded at once; the worker's justering.sign job appends the signatures and completes the round.
  await waitForCompletedRound(base, apiKey, protocolId);
  const pdf = await fetch(`${base}/api/protocols/${protocolId}/justering/${roundId}/document.pdf`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  ok('document.pdf', pdf.status, 200, '');
  return { protocolId, roundId, title: started.body.title, finalPdf: Buffer.from(await pdf.arrayBuffer()), people: [sek, ord, jus] };
}

/**
 * Runs one justering without a change request through the mailed links (sekreterare, ordförande,
 * justerare sign version 1 in turn), then waits until the worker has posted the notice, sealed the
 * anslagsbevis and filled the ANSLAG fields: a justerat and posted protocol with all four documents
 * (docs/glossary.md, "The documents of a protocol").
 */
export async function justeraAndPost(
  base: string,
  smtp: TestSmtpServer,
  apiKey: string,
  organId: string,
): Promise<{ protocolId: string; people: { role: string; name: string; email: string }[]; notice: { id: string; noticeUrl: string } }> {
  const protocol = JSON.parse(
    readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8'),
  ) as Record<string, unknown> & { meeting: { date: string } };
  protocol.meeting.date = new Date().toISOString().slice(0, 10);
  // Content of its own (see justeraWithChangeRequest): the SHA-256 lookups must find this protocol.
  protocol.storagePlace = `Kommunarkivet, hylla ${randomBytes(4).toString('hex')}`;
  const created = await request<{ id: string }>(base, 'POST', '/api/protocols', { apiKey, json: { organId, protocol } });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  const protocolId = created.body.id;
  const s = randomBytes(4).toString('hex');
  const people = [
    { role: 'sekreterare', name: 'Thomas Norgren', email: `sek-${s}@test.example` },
    { role: 'ordforande', name: 'Mikael Löthstam', email: `ord-${s}@test.example` },
    { role: 'justerare', name: 'Åsa Öberg', email: `jus-${s}@test.example` },
  ];
  const started = await request(base, 'POST', `/api/protocols/${protocolId}/justering`, { apiKey, json: { signatories: people } });
  if (started.status !== 201) throw new Error(`start: ${started.status} ${started.text}`);
  for (const p of people) {
    const m = await waitFor(
      `invitation to ${p.email}`,
      async () => smtp.to(p.email).find((x) => x.subject?.startsWith('Protokoll att justera')),
      30_000,
    );
    const link = (m.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)?.[0];
    if (!link) throw new Error(`no signing link in ${m.subject}`);
    const page = await (await fetch(link)).text();
    const sha = page.match(/name="sha256" value="([0-9a-f]{64})"/)?.[1] ?? '';
    const r = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'sign', confirm: 'ja', sha256: sha }).toString(),
      redirect: 'manual',
    });
    if (r.status !== 200) throw new Error(`sign: ${r.status}`);
  }
  // The worker appends the signatures, completes the round, posts the notice and seals its documents.
  const notice = await waitFor(
    'the posted notice with its anslagsbevis and filled ANSLAG fields',
    async () => {
      const ns = (
        await request<{ id: string; noticeUrl: string; bevisDocumentId: string | null; fieldsStatus: string | null }[]>(
          base,
          'GET',
          `/api/anslag/notices?protocolId=${protocolId}`,
          { apiKey },
        )
      ).body;
      return Array.isArray(ns) ? ns.find((n) => n.bevisDocumentId && n.fieldsStatus === 'sealed') : undefined;
    },
    90_000,
    250,
  );
  return { protocolId, people, notice: { id: notice.id, noticeUrl: notice.noticeUrl } };
}
