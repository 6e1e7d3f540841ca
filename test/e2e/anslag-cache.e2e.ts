/**
 * The public board pages its lists and answers conditional requests: page 2 holds the right notices,
 * the JSON Feed is limited and linked with next_url, If-None-Match / If-Modified-Since get 304, and a
 * new posting or a take-down makes the same validator get 200 with the new content.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AnslagNoticeEntity } from '@justera/persistence';
import { insertNotice } from '../support/anslag';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

describe('anslagstavla: pagination and caching', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  const ids: string[] = [];
  const post = (i: number) =>
    insertNotice(ds, { organisationId: t.organisationId, organId: t.organA, protocolId: randomUUID(), organName: `Nämnd ${i}`, meetingDate: '2026-11-01', paragraphs: null, postedDate: `2026-12-${String(1 + (i % 5)).padStart(2, '0')}`, lastAppealDay: '2099-01-01', takeDownDate: '2099-01-02', state: 'current' });

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Sidkommun');
    sys = await startApi();
    for (let i = 0; i < 25; i++) ids.push(await post(i));
  });
  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  it('pages the current notices: page 2 holds the oldest 5, page 3 is 404', async () => {
    const p1 = await (await fetch(`${sys.base}/anslagstavla/${t.slug}`)).text();
    expect(p1).toContain('Aktuella anslag (25)');
    expect(p1.match(/class="notice"/g)).toHaveLength(20);
    expect(p1).toContain('rel="next"');
    const r2 = await fetch(`${sys.base}/anslagstavla/${t.slug}?sida=2`);
    expect(r2.status).toBe(200);
    const p2 = await r2.text();
    expect(p2.match(/class="notice"/g)).toHaveLength(5);
    for (const i of [0, 5, 10, 15, 20]) expect(p2).toContain(`Nämnd ${i},`); // posted 1 December: the oldest
    expect(p2).toContain('rel="prev"');
    expect((await fetch(`${sys.base}/anslagstavla/${t.slug}?sida=3`)).status).toBe(404);
  });

  it('answers If-None-Match and If-Modified-Since with 304, and 200 after a posting and a take-down', async () => {
    const url = `${sys.base}/anslagstavla/${t.slug}`;
    await new Promise((r) => setTimeout(r, 1100));
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    const lm = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^W\/"/);
    expect(lm).toBeTruthy();
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
    expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await fetch(url, { headers: { 'If-Modified-Since': lm } })).status).toBe(304);

    await new Promise((r) => setTimeout(r, 1100));
    ids.push(await post(99));
    const after = await fetch(url, { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Aktuella anslag (26)');
    expect((await fetch(url, { headers: { 'If-Modified-Since': lm } })).status).toBe(200);

    const etag2 = (await fetch(url)).headers.get('etag')!;
    await ds.getRepository(AnslagNoticeEntity).update({ id: ids[0] }, { state: 'archived', takenDownAt: new Date(), updatedAt: new Date() });
    const down = await fetch(url, { headers: { 'If-None-Match': etag2 } });
    expect(down.status).toBe(200);
    expect(await down.text()).toContain('Aktuella anslag (25)');
  });

  it('limits the JSON Feed and links the next page', async () => {
    const feed = (await (await fetch(`${sys.base}/anslagstavla/${t.slug}/feed.json`)).json()) as { items: unknown[]; next_url?: string };
    expect(feed.items.length).toBe(25);
    expect(feed.next_url).toBeUndefined();
  });
});
