import Parser from 'rss-parser';
import { escapeXml, renderAtom, renderJsonFeed, renderRss, type FeedChannel } from './feeds';
import type { NoticeView } from './model';

const channel: FeedChannel = {
  organisationName: 'Mora & Orsa <kommun>',
  boardUrl: 'https://justera.example/anslagstavla/mora',
  selfUrl: 'https://justera.example/anslagstavla/mora/rss.xml',
  updatedAt: new Date('2025-03-05T09:00:00Z'),
};

const notice = (over: Partial<NoticeView> = {}): NoticeView => ({
  id: 'n1',
  type: 'Justerat protokoll',
  organisationName: channel.organisationName,
  organName: 'Kommunstyrelsen <script>alert("x")</script> & "Co" \u0001',
  meetingDate: '2025-02-26',
  paragraphs: '§§ 17–18',
  justeradDate: '2025-03-04',
  postingDeadline: '2025-03-06',
  postedDate: '2025-03-05',
  lastAppealDay: '2025-03-26',
  takeDownDate: '2025-03-27',
  storagePlace: 'Stadshuset, Mora',
  contact: 'registrator@mora.example',
  state: 'current',
  awaitingPostings: false,
  postings: [],
  protocolSha256: 'ab'.repeat(32),
  protocolSize: 1000,
  protocolPdfUrl: 'https://justera.example/anslagstavla/mora/anslag/n1/justerat-protokoll.pdf',
  pdfUrl: 'https://justera.example/anslagstavla/mora/anslag/n1/protokoll.pdf',
  pdf: { kind: 'posted', sha256: 'cd'.repeat(32), size: 1500 },
  bevis: { url: 'https://justera.example/anslagstavla/mora/anslag/n1/anslagsbevis.pdf', sha256: 'ef'.repeat(32), size: 700 },
  noticeUrl: 'https://justera.example/anslagstavla/mora/anslag/n1',
  updatedAt: new Date('2025-03-05T08:00:00Z'),
  ...over,
});

const parser = new Parser({
  customFields: {
    item: [
      'justera:lastAppealDay',
      'justera:postedDate',
      'justera:takeDownDate',
      'justera:pdfSha256',
      'justera:pdfKind',
      'justera:protocolSha256',
      'justera:protocolPdfUrl',
      'justera:anslagsbevisUrl',
      'justera:anslagsbevisSha256',
    ],
  },
});

describe(escapeXml.name, () => {
  it.each([
    ['<a href="x">&\'', '&lt;a href=&quot;x&quot;&gt;&amp;&apos;'],
    ['tab\tand\u0000nul\u001f', 'tab\tandnul'],
    ['ok 😀 \ud800 lone', 'ok 😀  lone'],
  ])('%j', (input, out) => expect(escapeXml(input)).toBe(out));
});

describe(renderRss.name, () => {
  it('is RSS 2.0 a feed parser reads back, with the dates and escaped names', async () => {
    const feed = await parser.parseString(
      renderRss(channel, [notice(), notice({ id: 'n2', noticeUrl: 'https://justera.example/anslagstavla/mora/anslag/n2', pdfUrl: null })]),
    );
    expect(feed.title).toBe('Anslagstavla – Mora & Orsa <kommun>');
    expect(feed.items).toHaveLength(2);
    const item = feed.items[0] as unknown as Parser.Item & Record<string, string>;
    expect(item.title).toBe('Justerat protokoll: Kommunstyrelsen <script>alert("x")</script> & "Co"  2025-02-26 §§ 17–18');
    expect(item.guid).toBe('https://justera.example/anslagstavla/mora/anslag/n1');
    expect(item['justera:lastAppealDay']).toBe('2025-03-26');
    expect(item['justera:postedDate']).toBe('2025-03-05');
    expect(item['justera:takeDownDate']).toBe('2025-03-27');
    expect(item.enclosure?.url).toBe('https://justera.example/anslagstavla/mora/anslag/n1/protokoll.pdf');
    expect(item.contentSnippet).toContain('Sista dag att överklaga: 2025-03-26.');
    // Each document's URL next to its own SHA-256: the posted PDF, the justerat PDF it contains, the anslagsbevis.
    expect(item.enclosure?.length).toBe('1500');
    expect(item['justera:pdfKind']).toBe('posted');
    expect(item['justera:pdfSha256']).toBe('cd'.repeat(32));
    expect(item['justera:protocolSha256']).toBe('ab'.repeat(32));
    expect(item['justera:protocolPdfUrl']).toBe('https://justera.example/anslagstavla/mora/anslag/n1/justerat-protokoll.pdf');
    expect(item['justera:anslagsbevisUrl']).toBe('https://justera.example/anslagstavla/mora/anslag/n1/anslagsbevis.pdf');
    expect(item['justera:anslagsbevisSha256']).toBe('ef'.repeat(32));
    expect(feed.items[1].enclosure).toBeUndefined();
    expect((feed.items[1] as unknown as Record<string, string>)['justera:pdfSha256']).toBeUndefined();
  });
  it('is a valid empty channel without notices', async () => {
    const feed = await parser.parseString(renderRss(channel, []));
    expect(feed.items).toHaveLength(0);
  });
});

describe(renderAtom.name, () => {
  it('is Atom a feed parser reads back', async () => {
    const feed = await parser.parseString(renderAtom(channel, [notice()]));
    expect(feed.title).toBe('Anslagstavla – Mora & Orsa <kommun>');
    const item = feed.items[0] as unknown as Parser.Item & Record<string, string>;
    expect(item.id).toBe('https://justera.example/anslagstavla/mora/anslag/n1');
    expect(item.link).toBe('https://justera.example/anslagstavla/mora/anslag/n1');
    expect(item['justera:lastAppealDay']).toBe('2025-03-26');
    expect(item.isoDate).toBe('2025-03-05T08:00:00.000Z');
  });
});

describe(renderJsonFeed.name, () => {
  it('is JSON Feed 1.1 with the notice dates in _justera', () => {
    const feed = JSON.parse(renderJsonFeed(channel, [notice({ awaitingPostings: true })])) as {
      version: string;
      items: { id: string; title: string; content_text: string; attachments?: { url: string }[]; _justera: Record<string, unknown> }[];
    };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items[0]._justera).toMatchObject({
      postedDate: '2025-03-05',
      lastAppealDay: '2025-03-26',
      takeDownDate: '2025-03-27',
      state: 'current',
    });
    expect(feed.items[0].attachments?.[0]).toEqual({
      url: 'https://justera.example/anslagstavla/mora/anslag/n1/protokoll.pdf',
      mime_type: 'application/pdf',
      title: 'Protokoll med anslagsuppgifter',
      size_in_bytes: 1500,
    });
    expect(feed.items[0]._justera).toMatchObject({
      pdfKind: 'posted',
      pdfSha256: 'cd'.repeat(32),
      protocolSha256: 'ab'.repeat(32),
      anslagsbevisSha256: 'ef'.repeat(32),
    });
    expect(feed.items[0].content_text).toContain('datumen kan flyttas fram');
  });

  it('links the next page with next_url only when there is one', () => {
    const next = 'https://justera.example/anslagstavla/mora/feed.json?sida=2';
    expect(JSON.parse(renderJsonFeed({ ...channel, nextUrl: next }, [notice()])).next_url).toBe(next);
    expect(JSON.parse(renderJsonFeed(channel, [notice()]))).not.toHaveProperty('next_url');
    expect(JSON.parse(renderJsonFeed({ ...channel, nextUrl: null }, [notice()]))).not.toHaveProperty('next_url');
  });
});
