/**
 * The shared mail layout: a single-column, inline-styled HTML page (mail clients ignore <style>
 * and external CSS), readable on a phone, plus the matching plain-text part.
 */
import { escapeHtml } from '@justera/html';
import { formatDateSv, formatDateTimeSv } from '@justera/sv';

/** The one HTML escaper (libs/html) and the Swedish formats (libs/sv), as the templates' callers know them. */
export { escapeHtml, formatDateSv, formatDateTimeSv };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A one-line header value: control characters and line breaks become spaces. */
export function oneLine(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Only absolute http(s) links may go into a mail (no javascript:, data:, relative paths). */
export function checkLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new TypeError(`Not an absolute URL: ${link}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`Not an http(s) link: ${link}`);
  if (/\s/.test(link)) throw new TypeError('A link must not contain white space');
  return link;
}

/** A block of the body: a paragraph, a key/value list, a quote or a list of people. */
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'facts'; rows: [string, string][] }
  | { kind: 'quote'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'small'; text: string }
  /** A label and a long token (a hash) that may break anywhere. */
  | { kind: 'code'; label: string; code: string };

export interface LayoutInput {
  subject: string;
  /** Hidden preview line shown by mail apps after the subject. */
  preheader: string;
  greeting: string;
  blocks: Block[];
  button?: { label: string; link: string };
  /** Shown under the button: why the link is personal, etc. */
  afterButton?: Block[];
  /** One English line at the bottom for recipients who do not read Swedish. */
  summaryEn: string;
  /**
   * Whom the recipient can ask (the round's sekreterare; the inviting admin in an invitation), named in
   * the footer with a mailto link. Null or absent in mails to the sekreterare herself: the footer then
   * only says not to reply.
   */
  contact?: MailContact | null;
}

/** Whom the recipient can ask, in a mail's footer: the signers' sekreterare, or the admin who invited a staff member. */
export interface MailContact {
  name: string;
  email?: string;
  /** Who the contact is, as the footer says it ("kontakta sekreteraren …"); default the sekreterare. */
  role?: 'sekreteraren' | 'administratören';
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const FOOTER_SV = 'Det här mejlet skickades automatiskt av Justera. Svara inte på det.';

/** "… Svara inte på det. Har du frågor, kontakta sekreteraren Anna Berg, anna.berg@kommun.se." (text; the HTML links the address). */
function footerText(contact: MailContact | null | undefined): string {
  if (!contact) return FOOTER_SV;
  return `${FOOTER_SV} Har du frågor, kontakta ${contact.role ?? 'sekreteraren'} ${oneLine(contact.name)}${contact.email ? `, ${oneLine(contact.email)}` : ''}.`;
}

function footerHtml(contact: MailContact | null | undefined): string {
  if (!contact) return escapeHtml(FOOTER_SV);
  const email = contact.email ? oneLine(contact.email) : '';
  const address = email ? `, <a href="mailto:${escapeHtml(encodeURI(email))}" style="color:#0b4f8a">${escapeHtml(email)}</a>` : '';
  return `${escapeHtml(FOOTER_SV)} Har du frågor, kontakta ${contact.role ?? 'sekreteraren'} ${escapeHtml(oneLine(contact.name))}${address}.`;
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p style="margin:0 0 16px 0;font-size:16px;line-height:1.5">${escapeHtml(b.text)}</p>`;
    case 'small':
      return `<p style="margin:0 0 12px 0;font-size:14px;line-height:1.5;color:#4a4a4a">${escapeHtml(b.text)}</p>`;
    case 'code':
      return `<p style="margin:0 0 12px 0;font-size:14px;line-height:1.5;color:#4a4a4a">${escapeHtml(b.label)}<br><code style="font-family:Consolas,Menlo,monospace;font-size:13px;word-break:break-all;overflow-wrap:anywhere">${escapeHtml(b.code)}</code></p>`;
    case 'quote':
      return `<blockquote style="margin:0 0 16px 0;padding:12px 16px;border-left:4px solid #8a8a8a;background:#f4f4f4;font-size:16px;line-height:1.5;white-space:pre-wrap">${escapeHtml(b.text)}</blockquote>`;
    case 'list':
      return `<ul style="margin:0 0 16px 0;padding-left:24px;font-size:16px;line-height:1.5">${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'facts':
      return `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px 0;font-size:16px;line-height:1.4">${b.rows
        .map(
          ([k, v]) =>
            `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:600">${escapeHtml(k)}</th><td style="padding:4px 0;overflow-wrap:anywhere;word-break:break-word">${escapeHtml(v)}</td></tr>`,
        )
        .join('')}</table>`;
  }
}

function blockText(b: Block): string {
  switch (b.kind) {
    case 'p':
    case 'small':
      return b.text;
    case 'code':
      return `${b.label}\n${b.code}`;
    case 'quote':
      return b.text
        .split(/\r?\n/)
        .map((l) => `> ${l}`)
        .join('\n');
    case 'list':
      return b.items.map((i) => `- ${i}`).join('\n');
    case 'facts': {
      const w = Math.max(...b.rows.map(([k]) => k.length));
      return b.rows.map(([k, v]) => `${`${k}:`.padEnd(w + 2)}${v}`).join('\n');
    }
  }
}

/** Builds the three parts of a mail from blocks; every interpolated value is escaped in the HTML. */
export function renderLayout(input: LayoutInput): RenderedMail {
  const subject = oneLine(input.subject);
  const link = input.button ? checkLink(input.button.link) : undefined;

  const textParts = [input.greeting, ...input.blocks.map(blockText)];
  if (input.button && link) textParts.push(`${input.button.label}:\n${link}`);
  textParts.push(...(input.afterButton ?? []).map(blockText));
  textParts.push(`-- \n${footerText(input.contact)}\n\nIn English: ${input.summaryEn}`);
  const text = `${textParts.join('\n\n')}\n`;

  const button =
    input.button && link
      ? `<table role="presentation" style="border-collapse:collapse;margin:8px 0 20px 0"><tr><td style="border-radius:6px;background:#0b4f8a">` +
        `<a href="${escapeHtml(link)}" style="display:inline-block;padding:14px 24px;font-size:17px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:6px;${FONT}">${escapeHtml(input.button.label)}</a>` +
        `</td></tr></table>` +
        `<p style="margin:0 0 16px 0;font-size:14px;line-height:1.5;color:#4a4a4a">Fungerar inte knappen? Kopiera länken till webbläsaren:<br><a href="${escapeHtml(link)}" style="color:#0b4f8a;word-break:break-all">${escapeHtml(link)}</a></p>`
      : '';

  const html = [
    '<!DOCTYPE html>',
    '<html lang="sv">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background:#f0f2f4;color:#1a1a1a;${FONT}">`,
    `<div style="display:none;max-height:0;overflow:hidden;opacity:0">${escapeHtml(input.preheader)}</div>`,
    '<table role="presentation" width="100%" style="border-collapse:collapse;background:#f0f2f4"><tr><td align="center" style="padding:16px 8px">',
    '<table role="presentation" width="100%" style="border-collapse:collapse;max-width:600px;background:#ffffff;border-radius:8px"><tr><td style="padding:24px 20px">',
    `<p style="margin:0 0 16px 0;font-size:16px;line-height:1.5">${escapeHtml(input.greeting)}</p>`,
    ...input.blocks.map(blockHtml),
    button,
    ...(input.afterButton ?? []).map(blockHtml),
    '<hr style="border:none;border-top:1px solid #d8dce0;margin:24px 0 16px 0">',
    `<p style="margin:0 0 8px 0;font-size:13px;line-height:1.5;color:#4a4a4a">${footerHtml(input.contact)}</p>`,
    `<p lang="en" style="margin:0;font-size:13px;line-height:1.5;color:#4a4a4a">In English: ${escapeHtml(input.summaryEn)}</p>`,
    '</td></tr></table>',
    '</td></tr></table>',
    '</body>',
    '</html>',
  ]
    .filter((l) => l !== '')
    .join('\n');

  return { subject, text, html };
}
