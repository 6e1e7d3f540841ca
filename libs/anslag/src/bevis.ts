import { formatStockholmTimestamp } from '@justera/sv';
import { renderSimpleDocumentPdf } from '@justera/pdf';
import { swedishDate } from './feeds';
import type { NoticeType } from './model';

/** What an anslagsbevis (certificate of posting) states; sealed by the organisation after rendering. */
export interface AnslagsbevisContent {
  organisationName: string;
  organName: string;
  type: NoticeType;
  meetingDate: string;
  paragraphs: string | null;
  justeradDate: string;
  protocolSha256: string;
  /** One line per board: name and posting date (the posting log). */
  postings: { boardName: string; postedDate: string | null }[];
  postedDate: string;
  lastAppealDay: string;
  takeDownDate: string;
  storagePlace: string;
  /** The instant the certificate is issued (Swedish local time is printed). */
  issuedAt: Date;
  noticeUrl: string;
}

/** Label/value rows of the certificate, in order (also what the tests read back with pdftotext). */
export function anslagsbevisRows(c: AnslagsbevisContent): [string, string][] {
  const rows: [string, string][] = [
    ['Organ', c.organName],
    ['Typ', c.type],
    ['Sammanträdesdatum', c.meetingDate],
  ];
  if (c.paragraphs) rows.push(['Paragrafer', c.paragraphs]);
  rows.push(['Justeringsdatum', c.justeradDate]);
  rows.push(['Datum för anslags uppsättande', c.postedDate]);
  for (const p of c.postings.length > 1 ? c.postings : []) rows.push([`Uppsatt på ${p.boardName}`, p.postedDate ?? 'ej registrerat']);
  rows.push(['Sista dag att överklaga', `${c.lastAppealDay} (${swedishDate(c.lastAppealDay)})`]);
  rows.push(['Datum för anslags nedtagande', c.takeDownDate]);
  rows.push(['Förvaringsplats för protokollet', c.storagePlace]);
  rows.push(['Protokollets SHA-256', c.protocolSha256]);
  rows.push(['Anslaget', c.noticeUrl]);
  return rows;
}

function stockholmTime(d: Date): string {
  return formatStockholmTimestamp(d);
}

/**
 * An A4 anslagsbevis (unsigned: the worker seals it with the organisation seal). Rendered by
 * libs/pdf's simple document in the protocol's embedded Noto Sans, so every European name is drawn
 * and the file keeps classic xref tables for the incremental seal. Deterministic: `issuedAt` is the
 * document date and the only time read.
 */
export async function renderAnslagsbevisPdf(c: AnslagsbevisContent): Promise<Uint8Array> {
  return renderSimpleDocumentPdf({
    title: `Anslagsbevis ${c.organName} ${c.meetingDate}`,
    author: c.organisationName,
    subject: 'Anslagsbevis',
    date: c.issuedAt,
    lines: [
      c.organisationName,
      '',
      '# ANSLAGSBEVIS',
      'Protokollet är justerat. Justeringen har tillkännagivits genom anslag.',
      '',
      ...anslagsbevisRows(c).map(([label, value]) => `${label}: ${value}`),
      '',
      `Utfärdat ${stockholmTime(c.issuedAt)} av Justera och försett med organisationens elektroniska stämpel. ` +
        'Att anslaget tagits ned registreras i ärendets händelselogg.',
    ],
  });
}
