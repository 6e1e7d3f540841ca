import { Caller, DomainError } from '@justera/application';
import { FixedClock, ORG, ORGAN, addNotice, board, secretary, testId } from '../testing/fixtures';
import { InMemoryAnslagReads } from '../testing/in-memory-reads';
import { InMemoryAnslagStore } from '../testing/in-memory-store';
import type { StoredDocument } from '../usecases/ports';
import {
  BoardFeed,
  FindPublicNotice,
  GetNotice,
  GetPublicNoticeDocument,
  ListBoardNotices,
  ListNoticesOfProtocols,
  ListProtocolNotices,
  ListPublicBoards,
  OpenPublicBoard,
  ProtocolNoticeStatus,
  ViewPublicNotice,
} from './index';

const URL = 'https://justera.test';
const OTHER_ORGAN = '00000000-0000-4000-8000-00000000b002';
const code = (c: string) => expect.objectContaining({ constructor: DomainError, code: c });

function setup(now = '2026-12-10T10:00:00Z') {
  const store = new InMemoryAnslagStore();
  store.organisations.push({ id: ORG, name: 'Mora kommun', slug: 'mora' });
  store.organs.push(
    { id: ORGAN, organisationId: ORG, name: 'Kommunstyrelsen', storagePlace: null },
    { id: OTHER_ORGAN, organisationId: ORG, name: 'Bygg- och miljönämnden', storagePlace: null },
  );
  const reads = new InMemoryAnslagReads(store);
  const clock = new FixedClock(new Date(now));
  const open = new OpenPublicBoard(reads, clock, URL);
  const find = new FindPublicNotice(reads);
  return {
    store,
    clock,
    open,
    find,
    list: new ListBoardNotices(reads),
    view: new ViewPublicNotice(reads),
    document: new GetPublicNoticeDocument(reads, open, find),
    protocolNotices: new ListProtocolNotices(reads, clock, URL),
    status: new ProtocolNoticeStatus(reads),
    getNotice: new GetNotice(reads, clock, URL),
    index: new ListPublicBoards(reads, URL),
    feed: new BoardFeed(new ListBoardNotices(reads)),
    reads,
  };
}

/** Posted on 2026-12-02 on Justera's board: last appeal day 2026-12-23, taken down on 2026-12-24. */
const POSTED = { postedDate: '2026-12-02', lastAppealDay: '2026-12-23', takeDownDate: '2026-12-24', awaitingPostings: false };

function doc(content: string): StoredDocument {
  const bytes = Buffer.from(content);
  return {
    id: testId(),
    organisationId: ORG,
    sha256: content.padEnd(64, '0'),
    size: bytes.length,
    mediaType: 'application/pdf',
    fileName: null,
    content: bytes,
    createdAt: new Date(),
  };
}

describe('the public board', () => {
  it('opens a board by its slug with today’s Swedish date (23:30 UTC is already the next day in Stockholm); an unknown or malformed slug is not found', async () => {
    const { open } = setup('2026-12-23T23:30:00Z');
    await expect(open.execute({ slug: 'mora' })).resolves.toMatchObject({ url: `${URL}/anslagstavla/mora`, today: '2026-12-24' });
    await expect(open.execute({ slug: 'orsa' })).rejects.toEqual(code('not_found'));
    await expect(open.execute({ slug: 'Mora/../x' })).rejects.toEqual(code('not_found'));
  });

  it('moves a notice from the current list to the archive at 00:00 Swedish time on its take-down date, before its take-down job has run', async () => {
    const { store, clock, open, list } = setup('2026-12-23T22:59:00Z');
    const { notice } = addNotice(store, [board('justera', 'Anslagstavlan')], POSTED, { Anslagstavlan: '2026-12-02' });
    const lists = async () => {
      const b = await open.execute({ slug: 'mora' });
      const current = await list.execute({ board: b, list: 'current', page: 1, pageSize: 20 });
      const archive = await list.execute({ board: b, list: 'archive', page: 1, pageSize: 20 });
      return { current: current.items.map((n) => [n.id, n.state]), archive: archive.items.map((n) => [n.id, n.state]) };
    };
    expect(await lists()).toEqual({ current: [[notice.id, 'current']], archive: [] });
    clock.set('2026-12-23T23:00:00Z');
    expect(store.notices[0].state).toBe('current'); // nothing written
    expect(await lists()).toEqual({ current: [], archive: [[notice.id, 'archived']] });
  });

  it('keeps a notice awaiting another municipality’s posting on the current list, and never shows a scheduled one', async () => {
    const { store, open, list, find } = setup('2027-03-01T12:00:00Z');
    const awaiting = addNotice(
      store,
      [board('justera', 'Anslagstavlan'), board('external', 'Orsa')],
      { postedDate: '2026-12-02' },
      { Anslagstavlan: '2026-12-02' },
    );
    const scheduled = addNotice(store, [board('justera', 'Anslagstavlan')], { state: 'scheduled' });
    const b = await open.execute({ slug: 'mora' });
    const current = await list.execute({ board: b, list: 'current', page: 1, pageSize: 20 });
    expect(current.items.map((n) => n.id)).toEqual([awaiting.notice.id]);
    expect(current.items[0].postings).toEqual([
      { boardId: expect.any(String), boardName: 'Anslagstavlan', kind: 'justera', postedDate: '2026-12-02' },
      { boardId: expect.any(String), boardName: 'Orsa', kind: 'external', postedDate: null },
    ]);
    await expect(find.execute({ board: b, id: scheduled.notice.id })).rejects.toEqual(code('not_found'));
    await expect(find.execute({ board: b, id: 'not-a-uuid' })).rejects.toEqual(code('not_found'));
    await expect(find.execute({ board: b, id: awaiting.notice.id })).resolves.toMatchObject({ state: 'current' });
  });

  it('pages the lists: a page past the last is not found, page 1 of an empty list exists', async () => {
    const { store, open, list } = setup();
    for (let i = 0; i < 3; i++)
      addNotice(store, [board('justera', 'Anslagstavlan')], { ...POSTED, postedDate: `2026-12-0${i + 2}`, takeDownDate: '2027-01-10' });
    const b = await open.execute({ slug: 'mora' });
    const page2 = await list.execute({ board: b, list: 'current', page: 2, pageSize: 2 });
    expect({ page: page2.page, pages: page2.pages, total: page2.total, posted: page2.items.map((n) => n.postedDate) }).toEqual({
      page: 2,
      pages: 2,
      total: 3,
      posted: ['2026-12-02'],
    });
    await expect(list.execute({ board: b, list: 'current', page: 3, pageSize: 2 })).rejects.toEqual(code('not_found'));
    await expect(list.execute({ board: b, list: 'archive', page: 1, pageSize: 2 })).resolves.toMatchObject({
      items: [],
      pages: 1,
      total: 0,
    });
  });

  it('offers the PDFs only where the body publishes them, each with its own checksum; the anslagsbevis always, once made', async () => {
    const { store, open, find, view, document } = setup();
    const justerat = doc('justerat');
    const filled = doc('posted');
    const bevis = doc('bevis');
    store.documents.push(justerat, filled, bevis);
    const ids = { documentId: justerat.id, filledDocumentId: filled.id, bevisDocumentId: bevis.id, fieldsStatus: 'sealed' };
    const published = addNotice(store, [board('justera', 'Anslagstavlan')], { ...POSTED, ...ids }).notice;
    const hidden = addNotice(store, [board('justera', 'Anslagstavlan')], { ...POSTED, ...ids, publishPdf: false }).notice;
    const b = await open.execute({ slug: 'mora' });
    const v = await view.execute({ board: b, notice: (await find.execute({ board: b, id: published.id })).notice });
    const base = `${URL}/anslagstavla/mora/anslag/${published.id}`;
    expect(v).toMatchObject({
      pdfUrl: `${base}/protokoll.pdf`,
      pdf: { kind: 'posted', sha256: filled.sha256, size: filled.size },
      protocolPdfUrl: `${base}/justerat-protokoll.pdf`,
      protocolSha256: justerat.sha256,
      protocolSize: justerat.size,
      bevis: { url: `${base}/anslagsbevis.pdf`, sha256: bevis.sha256, size: bevis.size },
    });
    await expect(document.execute({ slug: 'mora', id: published.id, kind: 'protocol' })).resolves.toEqual({
      bytes: filled.content,
      fileName: 'protokoll-kommunstyrelsen-2026-11-25.pdf',
    });
    await expect(document.execute({ slug: 'mora', id: published.id, kind: 'justerat' })).resolves.toMatchObject({
      bytes: justerat.content,
    });

    const h = await view.execute({ board: b, notice: (await find.execute({ board: b, id: hidden.id })).notice });
    expect({ pdfUrl: h.pdfUrl, protocolPdfUrl: h.protocolPdfUrl, bevis: h.bevis?.sha256 }).toEqual({
      pdfUrl: null,
      protocolPdfUrl: null,
      bevis: bevis.sha256,
    });
    for (const kind of ['protocol', 'justerat'] as const)
      await expect(document.execute({ slug: 'mora', id: hidden.id, kind })).rejects.toEqual(
        expect.objectContaining({ code: 'not_found', message: expect.stringContaining('publiceras inte här') }),
      );
    await expect(document.execute({ slug: 'mora', id: hidden.id, kind: 'bevis' })).resolves.toEqual({
      bytes: bevis.content,
      fileName: 'anslagsbevis-kommunstyrelsen-2026-11-25.pdf',
    });
  });

  it('says the anslagsbevis is not issued yet, and offers the justerat PDF as the posted one until the fields are filled', async () => {
    const { store, open, find, view, document } = setup();
    const justerat = doc('justerat');
    store.documents.push(justerat);
    const n = addNotice(store, [board('justera', 'Anslagstavlan')], { ...POSTED, documentId: justerat.id }).notice;
    await expect(document.execute({ slug: 'mora', id: n.id, kind: 'bevis' })).rejects.toEqual(
      expect.objectContaining({ code: 'not_found', message: expect.stringContaining('inte utfärdats ännu') }),
    );
    const b = await open.execute({ slug: 'mora' });
    const v = await view.execute({ board: b, notice: (await find.execute({ board: b, id: n.id })).notice });
    expect({ pdf: v.pdf, protocolPdfUrl: v.protocolPdfUrl, bevis: v.bevis }).toEqual({
      pdf: { kind: 'justerat', sha256: justerat.sha256, size: justerat.size },
      protocolPdfUrl: null,
      bevis: null,
    });
  });

  it('lists every organisation on the index with the organs that have an active Justera board', async () => {
    const { store, index } = setup();
    store.organisations.push({ id: testId(), name: 'Älvdalens kommun', slug: 'alvdalen' });
    store.boards.push(board('justera', 'Anslagstavlan'), board('justera', 'Gammal', { organId: OTHER_ORGAN, active: false }));
    expect(await index.execute()).toEqual({
      boards: [
        { organisation: 'Mora kommun', url: `${URL}/anslagstavla/mora`, organs: ['Kommunstyrelsen'] },
        { organisation: 'Älvdalens kommun', url: `${URL}/anslagstavla/alvdalen`, organs: [] },
      ],
      total: 2,
    });
  });

  it('pages only the JSON Feed (next_url while more current notices remain), and dates a feed by its newest notice', async () => {
    const { store, open, feed, reads } = setup();
    reads.createdAt.set(ORG, new Date('2026-01-05T08:00:00Z'));
    const b0 = await open.execute({ slug: 'mora' });
    expect((await feed.execute({ board: b0, file: 'feed.json', page: 1 })).channel).toEqual({
      organisationName: 'Mora kommun',
      boardUrl: `${URL}/anslagstavla/mora`,
      selfUrl: `${URL}/anslagstavla/mora/feed.json`,
      updatedAt: new Date('2026-01-05T08:00:00Z'),
      nextUrl: null,
    });
    for (let i = 0; i < 51; i++)
      addNotice(store, [board('justera', 'Anslagstavlan')], {
        ...POSTED,
        takeDownDate: '2027-01-10',
        updatedAt: new Date(Date.UTC(2026, 11, 2, 9, i)),
      });
    const b = await open.execute({ slug: 'mora' });
    const first = await feed.execute({ board: b, file: 'feed.json', page: 1 });
    expect({ items: first.items.length, next: first.channel.nextUrl, updated: first.channel.updatedAt }).toEqual({
      items: 50,
      next: `${URL}/anslagstavla/mora/feed.json?sida=2`,
      updated: new Date(Date.UTC(2026, 11, 2, 9, 50)),
    });
    const second = await feed.execute({ board: b, file: 'feed.json', page: 2 });
    expect({ items: second.items.length, self: second.channel.selfUrl, next: second.channel.nextUrl }).toEqual({
      items: 1,
      self: `${URL}/anslagstavla/mora/feed.json?sida=2`,
      next: null,
    });
    expect((await feed.execute({ board: b, file: 'rss.xml', page: 1 })).channel.nextUrl).toBeNull();
  });
});

describe('a protocol’s notices (the notice API)', () => {
  it('lists only the notices of organs the caller may read, with events whose bare user ids read as user:<id>', async () => {
    const { store, protocolNotices, status } = setup();
    const protocolId = testId();
    const mine = addNotice(store, [board('justera', 'Anslagstavlan')], { ...POSTED, protocolId }, { Anslagstavlan: '2026-12-02' }).notice;
    addNotice(store, [board('justera', 'Anslagstavlan', { organId: OTHER_ORGAN })], { ...POSTED, protocolId, organId: OTHER_ORGAN });
    const userId = '00000000-0000-4000-8000-00000000c009';
    store.events.push({
      organisationId: ORG,
      noticeId: mine.id,
      kind: 'external-posting-recorded',
      at: new Date(),
      actor: userId as never,
      detail: { date: '2026-12-03' },
    });
    const details = await protocolNotices.execute({ caller: secretary([ORGAN]), protocolId });
    expect(details.map((d) => d.id)).toEqual([mine.id]);
    expect(details[0]).toMatchObject({
      storedState: 'current',
      state: 'current',
      postings: [expect.objectContaining({ boardName: 'Anslagstavlan', postedDate: '2026-12-02', recordedBy: 'system' })],
      events: [{ kind: 'external-posting-recorded', at: expect.any(Date), actor: `user:${userId}`, detail: { date: '2026-12-03' } }],
    });
    expect((await status.execute({ caller: secretary([ORGAN]), protocolId })).map((s) => [s.id, s.anslagsbevis])).toEqual([
      [mine.id, false],
    ]);
    await expect(protocolNotices.execute({ caller: secretary([ORGAN]) })).rejects.toEqual(code('invalid_request'));
  });

  it('gives each protocol of a list its notices as ListProtocolNotices does, in the same few reads however many protocols and notices', async () => {
    const { store, reads, clock, protocolNotices } = setup();
    let calls = 0;
    const counted = new Proxy(reads, {
      get: (target, key) => {
        const v = Reflect.get(target, key) as unknown;
        return typeof v === 'function' ? (...args: unknown[]) => (calls++, (v as (...a: unknown[]) => unknown).apply(target, args)) : v;
      },
    });
    const list = new ListNoticesOfProtocols(counted, clock, URL);
    const [a, b, none] = [testId(), testId(), testId()];
    const filled = doc('filled');
    store.documents.push(filled);
    const posted = { ...POSTED, filledDocumentId: filled.id };
    addNotice(store, [board('justera', 'Anslagstavlan')], { ...posted, protocolId: a }, { Anslagstavlan: '2026-12-02' });
    const caller = secretary([ORGAN]);
    calls = 0;
    await list.execute({ caller, protocolIds: [a] });
    const forOne = calls;
    addNotice(store, [board('justera', 'Anslagstavlan'), board('external', 'Grannkommunen')], { ...posted, protocolId: b }, { Anslagstavlan: '2026-12-02' });
    addNotice(store, [board('justera', 'Anslagstavlan')], { ...POSTED, protocolId: b, paragraphs: '§ 9' }, { Anslagstavlan: '2026-12-02' });
    addNotice(store, [board('justera', 'Anslagstavlan', { organId: OTHER_ORGAN })], { ...POSTED, protocolId: a, organId: OTHER_ORGAN });
    calls = 0;
    const many = await list.execute({ caller, protocolIds: [a, b, none] });
    expect(calls).toBe(forOne);
    expect([...many.keys()]).toEqual([a, b, none]);
    expect(many.get(a)).toEqual(await protocolNotices.execute({ caller, protocolId: a }));
    expect(many.get(b)).toEqual(await protocolNotices.execute({ caller, protocolId: b }));
    expect(many.get(b)!.map((n) => n.postings.length)).toEqual([2, 1]);
    expect(many.get(a)).toHaveLength(1);
    expect(many.get(none)).toEqual([]);
  });

  it('refuses another organ’s notice (forbidden) and hides another organisation’s (not_found)', async () => {
    const { store, getNotice } = setup();
    const other = addNotice(store, [board('justera', 'Anslagstavlan', { organId: OTHER_ORGAN })], {
      ...POSTED,
      organId: OTHER_ORGAN,
    }).notice;
    await expect(getNotice.execute({ caller: secretary([ORGAN]), id: other.id })).rejects.toEqual(code('forbidden'));
    const stranger: Caller = secretary([ORGAN], '00000000-0000-4000-8000-00000000a002');
    await expect(getNotice.execute({ caller: stranger, id: other.id })).rejects.toEqual(code('not_found'));
    await expect(getNotice.execute({ caller: secretary([OTHER_ORGAN]), id: other.id })).resolves.toMatchObject({
      id: other.id,
      organName: 'Kommunstyrelsen',
    });
  });
});
