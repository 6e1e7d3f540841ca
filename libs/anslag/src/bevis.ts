import { PDFDocument, PDFFont, StandardFonts, rgb } from 'pdf-lib';
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

/** Standard 14 fonts cover WinAnsi only: other characters become "?" (documented in docs/anslag.md). */
export function toWinAnsi(s: string): string {
  const extra = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
  return [...s.normalize('NFC')].map((ch) => (/^[\u0020-\u007E\u00A0-\u00FF]$/.test(ch) || extra.includes(ch) ? ch : '?')).join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) out.push(line);
    // A single word wider than the column (a URL, a hash) is broken by characters.
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let n = rest.length;
      while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
      out.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    line = rest;
  }
  if (line) out.push(line);
  return out.length ? out : [''];
}

function stockholmTime(d: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'medium' }).format(d);
}

/** An A4 anslagsbevis drawn with pdf-lib (unsigned: the worker seals it with the organisation seal). */
export async function renderAnslagsbevisPdf(c: AnslagsbevisContent): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(toWinAnsi(`Anslagsbevis ${c.organName} ${c.meetingDate}`));
  doc.setAuthor(toWinAnsi(c.organisationName));
  doc.setSubject('Anslagsbevis');
  doc.setLanguage('sv-SE');
  doc.setProducer('Justera');
  doc.setCreator('Justera');
  doc.setCreationDate(c.issuedAt);
  doc.setModificationDate(c.issuedAt);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([595.28, 841.89]);
  const left = 56;
  const labelWidth = 190;
  const valueWidth = 595.28 - left * 2 - labelWidth;
  let y = 841.89 - 72;
  page.drawText(toWinAnsi(c.organisationName), { x: left, y, size: 11, font: regular, color: rgb(0.2, 0.2, 0.2) });
  y -= 30;
  page.drawText('ANSLAGSBEVIS', { x: left, y, size: 20, font: bold });
  y -= 22;
  page.drawText(toWinAnsi('Protokollet är justerat. Justeringen har tillkännagivits genom anslag.'), { x: left, y, size: 11, font: regular });
  y -= 30;
  for (const [label, value] of anslagsbevisRows(c)) {
    const lines = wrap(toWinAnsi(value), regular, 10.5, valueWidth);
    const labelLines = wrap(toWinAnsi(label), bold, 10.5, labelWidth - 10);
    labelLines.forEach((l, i) => page.drawText(l, { x: left, y: y - i * 14, size: 10.5, font: bold }));
    lines.forEach((l, i) => page.drawText(l, { x: left + labelWidth, y: y - i * 14, size: 10.5, font: regular }));
    y -= Math.max(lines.length, labelLines.length) * 14 + 8;
  }
  y -= 12;
  const note = wrap(
    toWinAnsi(
      `Utfärdat ${stockholmTime(c.issuedAt)} av Justera och försett med organisationens elektroniska stämpel. ` +
        'Att anslaget tagits ned registreras i ärendets händelselogg.',
    ),
    regular,
    9.5,
    595.28 - left * 2,
  );
  note.forEach((l, i) => page.drawText(l, { x: left, y: y - i * 13, size: 9.5, font: regular, color: rgb(0.25, 0.25, 0.25) }));
  return doc.save({ useObjectStreams: false });
}
