import type {
  Attendee,
  Block,
  Inline,
  ListItem,
  Member,
  NumberingStyle,
  Paragraph,
  Person,
  Protocol,
  Section,
  SignatoryRole,
  TableBlock,
} from './model';
import { escapeHtml } from '@justera/html';
import { SIGNATURE_CAPTION_SV } from '@justera/sv';
import { formatNumberRuns, formatParagraphRange, paragraphHeading, paragraphRange, sectionHeading, subItemLabel, toRun } from './text';

/** The one HTML escaper (libs/html), re-exported for the protocol's callers. */
export { escapeHtml };

/** Only these link schemes become <a href>; anything else (javascript:, data: …) is rendered as text. */
const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

export interface ProtocolHtmlOptions {
  /** Prefix of the element ids (heading anchors, the article's aria-labelledby), so two protocols can share a page. Default "protokoll". */
  idPrefix?: string;
}

/** The signature block's captions ("Justerande", as printed on protocols): libs/sv. */
export const SIGNATORY_ROLE_LABELS: Readonly<Record<SignatoryRole, string>> = SIGNATURE_CAPTION_SV;

function inlines(content: readonly Inline[]): string {
  return content
    .map((i) => {
      const run = toRun(i);
      // "\n" in running text is a line break inside the block (docs/protocol-format.md).
      let html = escapeHtml(run.text).replace(/\r\n?|\n/g, '<br>');
      if (run.strike) html = `<s>${html}</s>`;
      if (run.italic) html = `<em>${html}</em>`;
      if (run.bold) html = `<strong>${html}</strong>`;
      if (run.href && SAFE_HREF.test(run.href)) html = `<a href="${escapeHtml(run.href)}">${html}</a>`;
      return html;
    })
    .join('');
}

function listItem(item: ListItem, headingLevel: number): string {
  const children = (item.children ?? []).map((b) => block(b, headingLevel)).join('');
  return `<li>${inlines(item.content)}${children}</li>`;
}

function table(t: TableBlock): string {
  // Column alignment (v2) as a class, so the page's CSS (and its content security policy) decides the look.
  const cls = (c: number): string => (t.align?.[c] && t.align[c] !== 'left' ? ` class="align-${t.align[c]}"` : '');
  const head = t.header.length
    ? `<thead>${t.header.map((row) => `<tr>${row.map((c, i) => `<th scope="col"${cls(i)}>${inlines(c.content)}</th>`).join('')}</tr>`).join('')}</thead>`
    : '';
  const body = `<tbody>${t.rows.map((row) => `<tr>${row.map((c, i) => `<td${cls(i)}>${inlines(c.content)}</td>`).join('')}</tr>`).join('')}</tbody>`;
  return `<table>${head}${body}</table>`;
}

function block(b: Block, headingLevel: number): string {
  switch (b.type) {
    case 'paragraph':
      return `<p>${inlines(b.content)}</p>`;
    case 'heading': {
      const h = Math.min(headingLevel, 6);
      return `<h${h}>${inlines(b.content)}</h${h}>`;
    }
    case 'bulletList':
      return `<ul>${b.items.map((i) => listItem(i, headingLevel)).join('')}</ul>`;
    case 'numberedList': {
      const attrs: string[] = [];
      if (b.start !== undefined && b.start !== 1) attrs.push(` start="${b.start}"`);
      if (b.style === 'alpha-paren') attrs.push(' type="a"');
      if (b.style) attrs.push(` class="list-${b.style}"`);
      return `<ol${attrs.join('')}>${b.items.map((i) => listItem(i, headingLevel)).join('')}</ol>`;
    }
    case 'table':
      return table(b);
  }
}

/** `level`: the heading level of the section heading (h4 in a §, h5 in a sub-item). */
function section(s: Section, level = 4): string {
  const heading = sectionHeading(s);
  const content = s.content.map((b) => block(b, heading ? level + 1 : level)).join('');
  if (!heading) return `<div class="protocol-section protocol-section-${s.kind}">${content}</div>`;
  return `<section class="protocol-section protocol-section-${s.kind}"><h${level}>${escapeHtml(heading)}</h${level}>${content}</section>`;
}

function personText(p: Person & Partial<Member> & Partial<Attendee>, numbering?: NumberingStyle): string {
  const parts = [p.party ? `${p.name} (${p.party})` : p.name];
  if (p.municipality) parts.push(p.municipality);
  if (p.role) parts.push(p.role);
  if (p.replaces) parts.push(`ersätter ${p.replaces}`);
  if (p.paragraphs?.length) parts.push(formatParagraphRange(p.paragraphs, numbering));
  return parts.join(', ');
}

function people(title: string, list: readonly Person[] | undefined, numbering?: NumberingStyle): string {
  if (!list?.length) return '';
  return `<h4>${escapeHtml(title)}</h4><ul>${list.map((p) => `<li>${escapeHtml(personText(p, numbering))}</li>`).join('')}</ul>`;
}

function timeSpan(start?: string, end?: string): string {
  if (start && end) return `kl. ${start}\u2013${end}`;
  if (start) return `kl. ${start}`;
  return '';
}

function paragraph(p: Paragraph, id: string, numbering?: NumberingStyle): string {
  const head = `<h3 id="${id}">${escapeHtml(paragraphHeading(p, numbering))}</h3>`;
  const caseNumber = p.caseNumber ? `<p class="protocol-case-number">${escapeHtml(p.caseNumber)}</p>` : '';
  const adjusted = p.immediatelyAdjusted ? '<p class="protocol-adjusted"><strong>Paragrafen är justerad</strong></p>' : '';
  // Sub-items (v2): an h4 "3.1 Titel" each, their section headings one level lower.
  const subs = (p.subItems ?? [])
    .map((sub) => {
      const subCase = sub.caseNumber ? `<p class="protocol-case-number">${escapeHtml(sub.caseNumber)}</p>` : '';
      return `<section class="protocol-subitem"><h4 id="${id}-${sub.number}">${escapeHtml(`${subItemLabel(p, sub)} ${sub.title}`)}</h4>${subCase}${sub.sections.map((s) => section(s, 5)).join('')}</section>`;
    })
    .join('');
  return `<section class="protocol-paragraph">${head}${caseNumber}${p.sections.map((s) => section(s)).join('')}${subs}${adjusted}</section>`;
}

/**
 * The whole protocol as an accessible HTML fragment (for the signing page and screen readers):
 * an <article lang="sv"> with an h2 title, h3 per part and per §, h4 per section, h5 for sub-headings,
 * real lists and tables with <th scope="col">. Every text is escaped; links only for http(s) and mailto.
 */
export function renderProtocolHtml(protocol: Protocol, options: ProtocolHtmlOptions = {}): string {
  const prefix = (options.idPrefix ?? 'protokoll').replace(/[^A-Za-z0-9_-]/g, '-');
  const id = (s: string): string => `${prefix}-${s}`;
  const title = `${protocol.documentTitle ?? 'Protokoll'} \u2013 ${protocol.organ}`;
  const m = protocol.meeting;

  const facts: Array<[string, string]> = [
    ['Organisation', escapeHtml(protocol.organisation)],
    ['Sammanträdesdatum', `<time datetime="${escapeHtml(m.date)}">${escapeHtml(m.date)}</time>`],
    ['Plats och tid', escapeHtml([m.place, timeSpan(m.startTime, m.endTime)].filter(Boolean).join(', '))],
    protocol.numbering === 'decimal'
      ? ['Punkter', escapeHtml(formatNumberRuns(protocol.paragraphs.map((p) => p.number)))]
      : ['Paragrafer', escapeHtml(paragraphRange(protocol))],
    ['Utses att justera', escapeHtml(protocol.adjusters.join(', '))],
  ];
  const j = protocol.justering;
  if (j && (j.place || j.date || j.time)) {
    const when = [j.latest && j.date ? `senast ${j.date}` : j.date, j.time ? `kl. ${j.time}` : ''].filter(Boolean).join(' ');
    facts.push(['Justeringens plats och tid', escapeHtml([j.place, when].filter(Boolean).join(j.latest ? ' ' : ', '))]);
  }
  facts.push(['Förvaringsplats för protokollet', escapeHtml(protocol.storagePlace)]);

  const out: string[] = [];
  out.push(`<article class="protocol" lang="sv" aria-labelledby="${id('titel')}">`);
  out.push(`<header><h2 id="${id('titel')}">${escapeHtml(title)}</h2>`);
  out.push(`<dl class="protocol-facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`);
  if (protocol.notes?.length) out.push(`<p class="protocol-notes">${inlines(protocol.notes)}</p>`);
  out.push('</header>');

  out.push(`<section class="protocol-attendance"><h3 id="${id('narvarande')}">Närvarande</h3>`);
  const n = protocol.numbering;
  out.push(people('Beslutande', protocol.members, n));
  out.push(people('Närvarande ej tjänstgörande ersättare', protocol.substitutes, n));
  out.push(people('Övriga närvarande', protocol.others, n));
  out.push(people(protocol.absentSubstitutes?.length ? 'Frånvarande ledamöter' : 'Frånvarande', protocol.absent, n));
  out.push(people('Frånvarande ersättare', protocol.absentSubstitutes, n));
  out.push('</section>');

  for (const p of protocol.paragraphs) out.push(paragraph(p, id(`p${p.number}`), n));

  if (protocol.attachments?.length) {
    out.push(`<section class="protocol-attachments"><h3 id="${id('bilagor')}">Bilagor</h3><ul>`);
    for (const a of protocol.attachments) {
      const text = [
        a.label ? `${a.label}: ${a.title}` : a.title,
        a.paragraph !== undefined ? `(${formatParagraphRange([a.paragraph], n)})` : '',
      ]
        .filter(Boolean)
        .join(' ');
      out.push(`<li>${escapeHtml(text)}</li>`);
    }
    out.push('</ul></section>');
  }

  out.push(`<section class="protocol-signatures"><h3 id="${id('underskrifter')}">Underskrifter</h3><dl>`);
  for (const s of protocol.signatories) {
    out.push(
      `<dt>${escapeHtml(SIGNATORY_ROLE_LABELS[s.role] ?? s.role)}</dt><dd>${escapeHtml([s.name, s.organisation].filter(Boolean).join(', '))}</dd>`,
    );
  }
  out.push('</dl></section>');
  out.push('</article>');
  return out.filter((part) => part !== '').join('\n');
}
