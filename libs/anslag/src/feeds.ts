import { formatDateSv, PROTOCOL_DOCUMENT_SV } from '@justera/sv';
import type { NoticeView } from './model';

/** The board a feed describes. */
export interface FeedChannel {
  organisationName: string;
  /** Absolute URL of the HTML board. */
  boardUrl: string;
  /** Absolute URL of this feed. */
  selfUrl: string;
  /** When the feed last changed (the latest notice change, or a fixed instant when empty). */
  updatedAt: Date;
  /** Absolute URL of the next page (JSON Feed `next_url`), when there are more items than this page holds. */
  nextUrl?: string | null;
}

/** Characters XML 1.0 forbids (C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const XML_INVALID =
  // eslint-disable-next-line no-control-regex -- matching the control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML element content and attribute values, dropping characters XML cannot carry. */
export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** "2025-03-05" -> "5 mars 2025" (libs/sv, without the weekday). */
export function swedishDate(iso: string): string {
  return formatDateSv(iso, { weekday: false });
}

export function noticeTitle(n: NoticeView): string {
  return `${n.type}: ${n.organName} ${n.meetingDate}${n.paragraphs ? ` ${n.paragraphs}` : ''}`;
}

/** The plain-text summary every feed format carries, in Swedish. */
export function noticeSummary(n: NoticeView): string {
  const lines = [
    `${n.type} för ${n.organName}, sammanträde ${n.meetingDate}${n.paragraphs ? `, ${n.paragraphs}` : ''}.`,
    `Protokollet justerades ${n.justeradDate}.`,
    n.postedDate ? `Anslaget sattes upp ${n.postedDate}.` : `Anslaget sätts upp senast ${n.postingDeadline}.`,
    n.lastAppealDay ? `Sista dag att överklaga: ${n.lastAppealDay}.` : '',
    n.takeDownDate ? `Anslaget tas ned ${n.takeDownDate}.` : '',
    n.awaitingPostings ? 'Anslaget sätts även upp på andra kommuners anslagstavlor; datumen kan flyttas fram.' : '',
    `Förvaringsplats för protokollet: ${n.storagePlace}.`,
    n.contact ? `Kontakt: ${n.contact}.` : '',
  ];
  return lines.filter(Boolean).join(' ');
}

/**
 * Justera's own extension fields, the same names in every format. Each document's URL is next to its
 * own SHA-256 (docs/anslag.md, "The documents"): `pdfUrl`/`pdfSha256`/`pdfKind` is the published file
 * (the posted PDF: the justerat PDF unchanged plus the sealed ANSLAG revision), `protocolSha256` the
 * justerat PDF it contains (with `protocolPdfUrl` when that is served as a file of its own), and
 * `anslagsbevisUrl`/`anslagsbevisSha256` the certificate of posting.
 */
function extension(n: NoticeView) {
  return {
    type: n.type,
    organ: n.organName,
    meetingDate: n.meetingDate,
    paragraphs: n.paragraphs,
    justeradDate: n.justeradDate,
    postedDate: n.postedDate,
    lastAppealDay: n.lastAppealDay,
    takeDownDate: n.takeDownDate,
    storagePlace: n.storagePlace,
    contact: n.contact,
    state: n.state,
    protocolSha256: n.protocolSha256,
    protocolSize: n.protocolSize,
    protocolPdfUrl: n.protocolPdfUrl,
    pdfUrl: n.pdfUrl,
    pdfKind: n.pdfUrl && n.pdf ? n.pdf.kind : null,
    pdfSha256: n.pdfUrl && n.pdf ? n.pdf.sha256 : null,
    pdfSize: n.pdfUrl && n.pdf ? n.pdf.size : null,
    anslagsbevisUrl: n.bevis?.url ?? null,
    anslagsbevisSha256: n.bevis?.sha256 ?? null,
  };
}

export const JUSTERA_XML_NS = 'https://justera.se/ns/anslag/1';

function xmlExtension(n: NoticeView, prefix: string): string {
  return Object.entries(extension(n))
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `<${prefix}:${k}>${escapeXml(v)}</${prefix}:${k}>`)
    .join('');
}

/** RFC 822 date (RSS 2.0 pubDate). */
function rfc822(d: Date): string {
  return d.toUTCString().replace('GMT', '+0000');
}

/** The instant a notice appears in a feed: its posting, or its last change. */
function published(n: NoticeView): Date {
  return n.updatedAt;
}

/** RSS 2.0 (https://www.rssboard.org/rss-specification), one item per notice, guid = notice URL. */
export function renderRss(channel: FeedChannel, notices: NoticeView[]): string {
  const items = notices
    .map(
      (n) =>
        `<item><title>${escapeXml(noticeTitle(n))}</title><link>${escapeXml(n.noticeUrl)}</link><guid isPermaLink="true">${escapeXml(n.noticeUrl)}</guid>` +
        `<pubDate>${rfc822(published(n))}</pubDate><description>${escapeXml(noticeSummary(n))}</description>` +
        (n.pdfUrl ? `<enclosure url="${escapeXml(n.pdfUrl)}" length="${n.pdf?.size ?? 0}" type="application/pdf"/>` : '') +
        `${xmlExtension(n, 'justera')}</item>`,
    )
    .join('\n');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:justera="${JUSTERA_XML_NS}"><channel>` +
    `<title>${escapeXml(`Anslagstavla – ${channel.organisationName}`)}</title><link>${escapeXml(channel.boardUrl)}</link>` +
    `<atom:link href="${escapeXml(channel.selfUrl)}" rel="self" type="application/rss+xml"/>` +
    `<description>${escapeXml(`Tillkännagivanden om justerade protokoll från ${channel.organisationName}.`)}</description>` +
    `<language>sv</language><lastBuildDate>${rfc822(channel.updatedAt)}</lastBuildDate>\n${items}\n</channel></rss>\n`
  );
}

/** Atom 1.0 (RFC 4287): id = notice URL, updated = last change. */
export function renderAtom(channel: FeedChannel, notices: NoticeView[]): string {
  const entries = notices
    .map(
      (n) =>
        `<entry><id>${escapeXml(n.noticeUrl)}</id><title>${escapeXml(noticeTitle(n))}</title><updated>${published(n).toISOString()}</updated>` +
        `<link rel="alternate" type="text/html" href="${escapeXml(n.noticeUrl)}"/>` +
        (n.pdfUrl
          ? `<link rel="enclosure" type="application/pdf" href="${escapeXml(n.pdfUrl)}"${n.pdf ? ` length="${n.pdf.size}"` : ''}/>`
          : '') +
        `<summary>${escapeXml(noticeSummary(n))}</summary>${xmlExtension(n, 'justera')}</entry>`,
    )
    .join('\n');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:justera="${JUSTERA_XML_NS}" xml:lang="sv">` +
    `<id>${escapeXml(channel.boardUrl)}</id><title>${escapeXml(`Anslagstavla – ${channel.organisationName}`)}</title>` +
    `<updated>${channel.updatedAt.toISOString()}</updated><author><name>${escapeXml(channel.organisationName)}</name></author>` +
    `<link rel="self" type="application/atom+xml" href="${escapeXml(channel.selfUrl)}"/><link rel="alternate" type="text/html" href="${escapeXml(channel.boardUrl)}"/>\n` +
    `${entries}\n</feed>\n`
  );
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) with a `_justera` extension per item. */
export function renderJsonFeed(channel: FeedChannel, notices: NoticeView[]): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: `Anslagstavla – ${channel.organisationName}`,
    home_page_url: channel.boardUrl,
    feed_url: channel.selfUrl,
    language: 'sv',
    authors: [{ name: channel.organisationName }],
    ...(channel.nextUrl ? { next_url: channel.nextUrl } : {}),
    items: notices.map((n) => ({
      id: n.noticeUrl,
      url: n.noticeUrl,
      title: noticeTitle(n),
      content_text: noticeSummary(n),
      date_published: published(n).toISOString(),
      date_modified: n.updatedAt.toISOString(),
      ...(n.pdfUrl
        ? {
            attachments: [
              {
                url: n.pdfUrl,
                mime_type: 'application/pdf',
                title: PROTOCOL_DOCUMENT_SV[n.pdf?.kind ?? 'justerat'].name,
                ...(n.pdf ? { size_in_bytes: n.pdf.size } : {}),
              },
            ],
          }
        : {}),
      _justera: extension(n),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
