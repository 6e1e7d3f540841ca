/**
 * Faults mid-round (issue 13): Redis restarted while the worker has signing, mail and posting jobs
 * running, PostgreSQL restarted mid-round. The same processes recover by themselves and every
 * justering finishes exactly once: one approval and one valid signature per signatory (pdfsig), one
 * invitation per signatory, one notice and one posting per protocol, one Justera board per organ, no
 * mail row left unsent, no log flood. Also: notices posted concurrently for one organ share one board.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AnslagBoardEntity, AnslagNoticeEntity, AnslagPostingEntity, MailDeliveryEntity, OrganEntity } from '@justera/persistence';
import { enqueueJob, insertJusteratProtocol } from '../support/anslag';
import { request } from '../support/http';
import { restartTestPostgres } from '../support/postgres';
import { ROOT, TestRedis, freePort, waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(400_000);

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('faults mid-round', () => {
  let ds: DataSource;
  let redis: TestRedis;
  let sys: System;
  let t: Tenant;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Felkommun');
    redis = new TestRedis(await freePort());
    await redis.start();
    sys = await startSystem({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    await sys?.stop();
    await redis?.stop();
    await ds?.destroy().catch(() => undefined);
  });

  const linkOf = (text: string | undefined) => (text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)?.[0];

  /** Signs through the mailed link, retrying while the api answers 503 (a database restart). */
  async function signVia(link: string): Promise<void> {
    await waitFor(`approval through ${link.slice(-8)}`, async () => {
      const page = await fetch(link).catch(() => undefined);
      if (!page || page.status !== 200) return false;
      const sha = (await page.text()).match(/name="sha256" value="([0-9a-f]{64})"/)?.[1];
      if (!sha) return false;
      const r = await fetch(link, { method: 'POST', headers: FORM, body: new URLSearchParams({ action: 'sign', confirm: 'ja', sha256: sha }).toString(), redirect: 'manual' }).catch(() => undefined);
      return r?.status === 200;
    }, 90_000, 500);
  }

  interface Round {
    protocolId: string;
    people: { role: string; name: string; email: string }[];
  }

  async function start(): Promise<Round> {
    const s = randomBytes(4).toString('hex');
    const people = [
      { role: 'sekreterare', name: 'Thomas Norgren', email: `sek-${s}@test.example` },
      { role: 'ordforande', name: 'Mikael Löthstam', email: `ord-${s}@test.example` },
      { role: 'justerare', name: 'Åsa Öberg', email: `jus-${s}@test.example` },
    ];
    const protocol = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8')) as Record<string, unknown> & { meeting: { date: string } };
    protocol.meeting.date = new Date().toISOString().slice(0, 10);
    protocol.storagePlace = `Kommunarkivet, hylla ${s}`;
    const created = await request<{ id: string }>(sys.base, 'POST', '/api/protocols', { apiKey: t.admin.apiKey, json: { organId: t.organA, protocol } });
    expect(created.status).toBe(201);
    const started = await request(sys.base, 'POST', `/api/protocols/${created.body.id}/justering`, { apiKey: t.admin.apiKey, json: { signatories: people } });
    expect(started.status).toBe(201);
    return { protocolId: created.body.id, people };
  }

  /** Signer `i` of the round signs through the link in their invitation. */
  async function sign(r: Round, i: number): Promise<void> {
    const to = r.people[i].email;
    const mail = await waitFor(`the invitation to ${to}`, async () => sys.smtp.to(to).find((m) => m.subject?.startsWith('Protokoll att justera')), 90_000);
    await signVia(linkOf(mail.text)!);
  }

  async function checkExactlyOnce(rounds: Round[]): Promise<void> {
    const check = await openDataSource();
    try {
      for (const r of rounds) {
        const st = await waitFor('the round completed', async () => {
          const res = await request<{ rounds: { id: string; status: string }[] }>(sys.base, 'GET', `/api/protocols/${r.protocolId}/status`, { apiKey: t.admin.apiKey }).catch(() => undefined);
          return res?.body.rounds?.[0]?.status === 'completed' ? res.body : undefined;
        }, 120_000, 500).catch((e) => {
          throw new Error(`${String(e)}\n${sys.logs(6000)}`);
        });
        const roundId = st.rounds[0].id;
        // One invitation per signatory, and every mail of the round sent once.
        for (const p of r.people) expect(sys.smtp.to(p.email).filter((m) => m.subject?.startsWith('Protokoll att justera'))).toHaveLength(1);
        for (const p of r.people) {
          const ids = sys.smtp.to(p.email).map((m) => m.messageId);
          expect(new Set(ids).size).toBe(ids.length);
        }
        // One valid signature per signatory in the final PDF (pdfsig).
        const pdf = await fetch(`${sys.base}/api/protocols/${r.protocolId}/justering/${roundId}/document.pdf`, { headers: { authorization: `Bearer ${t.admin.apiKey}` } });
        expect(pdf.status).toBe(200);
        const dir = mkdtempSync(join(tmpdir(), 'justera-faults-'));
        try {
          writeFileSync(join(dir, 'p.pdf'), Buffer.from(await pdf.arrayBuffer()));
          let out = '';
          try {
            out = execFileSync('pdfsig', ['-nocert', join(dir, 'p.pdf')], { encoding: 'utf8' });
          } catch (e) {
            out = String((e as { stdout?: string }).stdout ?? '');
          }
          const signers = [...out.matchAll(/Signer Certificate Common Name: (.+)/g)].map((m) => m[1].trim());
          for (const p of r.people) expect(signers.filter((n) => n === p.name)).toHaveLength(1);
          expect((out.match(/Signature Validation: Signature is Valid\./g) ?? []).length).toBeGreaterThanOrEqual(3);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        // One notice and one posting on Justera's board per protocol.
        const notices = await waitFor('the notice', async () => {
          const n = await check.getRepository(AnslagNoticeEntity).findBy({ protocolId: r.protocolId });
          return n.length ? n : undefined;
        }, 60_000);
        expect(notices).toHaveLength(1);
        expect(await check.getRepository(AnslagPostingEntity).countBy({ noticeId: notices[0].id, kind: 'justera' })).toBe(1);
      }
      expect(await check.getRepository(AnslagBoardEntity).countBy({ organisationId: t.organisationId, organId: t.organA, kind: 'justera' })).toBe(1);
      const unsent = await waitFor('every mail sent', async () => {
        const rows = await check.getRepository(MailDeliveryEntity).findBy({ organisationId: t.organisationId });
        const left = rows.filter((m) => m.status !== 'sent');
        return left.length === 0 ? left : undefined;
      }, 60_000).catch(async () => (await check.getRepository(MailDeliveryEntity).findBy({ organisationId: t.organisationId })).filter((m) => m.status !== 'sent'));
      expect(unsent.map((m) => `${m.kind} ${m.status} ${m.lastError}`)).toEqual([]);
    } finally {
      await check.destroy();
    }
  }

  it('Redis restarted while jobs run: the same worker recovers and every justering finishes exactly once', async () => {
    const rounds = await Promise.all([start(), start(), start()]);
    await Promise.all(rounds.map((r) => sign(r, 0)));
    // Mid-round: the next invitations (mail jobs) and the first signing jobs are running.
    await redis.stop();
    await new Promise((res) => setTimeout(res, 2000));
    await redis.start();
    await Promise.all(rounds.map((r) => sign(r, 1)));
    await Promise.all(rounds.map((r) => sign(r, 2)));
    // After the last approvals: signing, completion mails and the notices are in flight.
    await new Promise((res) => setTimeout(res, 300));
    await redis.stop();
    await new Promise((res) => setTimeout(res, 2000));
    const back = Date.now();
    await redis.start();
    await checkExactlyOnce(rounds);
    expect(Date.now() - back).toBeLessThan(60_000);
    expect(sys.api.running && sys.worker.running).toBe(true);
    // No log flood: an outage costs a few lines per kind, not megabytes.
    expect(sys.worker.bytesLogged).toBeLessThan(2_000_000);
  });

  it('PostgreSQL restarted mid-round: api and worker recover by themselves and every justering finishes exactly once', async () => {
    const rounds = await Promise.all([start(), start()]);
    await Promise.all(rounds.map((r) => sign(r, 0)));
    restartTestPostgres();
    await Promise.all(rounds.map((r) => sign(r, 1)));
    await Promise.all(rounds.map((r) => sign(r, 2)));
    await new Promise((res) => setTimeout(res, 300));
    restartTestPostgres();
    await waitFor('health back to 200', async () => (await request(sys.base, 'GET', '/health').catch(() => undefined))?.status === 200, 30_000);
    await checkExactlyOnce(rounds);
    expect(sys.api.running && sys.worker.running).toBe(true);
    expect(sys.worker.bytesLogged).toBeLessThan(2_000_000);
  });

  it('notices posted at the same moment for an organ without a board give it one board', async () => {
    const check = await openDataSource();
    try {
      const organ = await check.getRepository(OrganEntity).findOneByOrFail({ id: t.organB });
      expect(await check.getRepository(AnslagBoardEntity).countBy({ organId: organ.id })).toBe(0);
      const protocols = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => insertJusteratProtocol(check, t.organisationId, organ.id, `2026-10-0${i + 1}`)));
      await Promise.all(protocols.map((p) => enqueueJob(check, 'anslag.post-notice', { protocolId: p.id, roundId: randomUUID(), justeradAt: new Date().toISOString() })));
      const notices = await waitFor('six notices', async () => {
        const n = await check.getRepository(AnslagNoticeEntity).findBy({ organId: organ.id });
        return n.length === 6 ? n : undefined;
      }, 120_000);
      const boards = await check.getRepository(AnslagBoardEntity).findBy({ organId: organ.id });
      expect(boards.map((b) => b.kind)).toEqual(['justera']);
      for (const n of notices) expect(await check.getRepository(AnslagPostingEntity).findBy({ noticeId: n.id })).toEqual([expect.objectContaining({ boardId: boards[0].id })]);
    } finally {
      await check.destroy();
    }
  });
});
