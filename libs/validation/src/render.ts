import { identificationSv } from './identification';
import { escapeHtml } from '@justera/html';
import { formatStockholmTimestamp, formatTimestampSv } from '@justera/sv';
import type { Finding, SignatureReport, ValidationReport } from './report';

/** The report as JSON (stable field names, see report.ts). */
export function renderJson(r: ValidationReport): string {
  return JSON.stringify(r, null, 2);
}

const esc = escapeHtml;

const KIND_SV: Record<SignatureReport['kind'], string> = {
  signature: 'Underskrift',
  certification: 'Certifierande underskrift',
  'document-timestamp': 'Dokumenttidsstämpel',
};
const COVERAGE_SV: Record<SignatureReport['coverage'], string> = {
  'whole-file': 'hela filen',
  'whole-revision': 'en hel tidigare revision (senare tillägg redovisas nedan)',
  suspicious: 'misstänkt täckning',
};
export const STATUS_SV: Record<SignatureReport['status'], string> = {
  valid: 'giltig',
  'valid-with-remarks': 'giltig med anmärkning',
  indeterminate: 'kan inte avgöras',
  invalid: 'ogiltig',
};
const REVOCATION_SV = { good: 'inte återkallat', revoked: 'ÅTERKALLAT', unknown: 'okänd (ingen spärrinformation)' };
const SEVERITY_SV: Record<Finding['severity'], string> = {
  error: 'Fel',
  indeterminate: 'Kan inte avgöras',
  warning: 'Anmärkning',
  info: 'Information',
};
const SOURCE_SV: Record<NonNullable<SignatureReport['certificate']>['referenceTimeSource'], string> = {
  timestamp: 'tidsstämpel',
  'document-timestamp': 'dokumenttidsstämpel',
  'validation-time': 'kontrolltidpunkt, inget bevis i filen',
};

/** "TOTAL-PASSED", "INDETERMINATE / OUT_OF_BOUNDS_NO_POE", … */
function etsiText(e: { indication: string; subIndication?: string } | null | undefined): string {
  return e ? `${e.indication}${e.subIndication ? ` / ${e.subIndication}` : ''}` : '–';
}

const yesNo = (b: boolean | null | undefined): string => (b === null || b === undefined ? 'ej kontrollerat' : b ? 'ja' : 'nej');

function localTime(iso?: string): string {
  return iso ? formatTimestampSv(iso) : '–';
}

/**
 * The checks of one signature as label/value rows. `engineer` adds the English reason for a suspicious
 * coverage (the CLI's text output); the HTML page leaves it out: the Swedish attack text says it.
 */
function sigRows(s: SignatureReport, engineer = false): [string, string][] {
  const rows: [string, string][] = [
    ['Fält', s.field],
    ['Typ', KIND_SV[s.kind] + (s.docMdpP ? ` (tillåtna ändringar: P=${s.docMdpP})` : '')],
    ['Status', STATUS_SV[s.status]],
    ['ETSI EN 319 102-1', etsiText(s.etsi)],
    ['Undertecknare', s.signer?.name ?? 'okänd'],
  ];
  if (s.signer?.role) rows.push(['Roll (titel i certifikatet)', s.signer.role]);
  if (s.signer?.organisation) rows.push(['Organisation', s.signer.organisation]);
  if (s.signer) rows.push(['Certifikatutfärdare', s.signer.issuer]);
  if (s.kind !== 'document-timestamp' && s.certificate)
    rows.push(['Identifiering', identificationSv(s.identification) ?? 'anges inte i certifikatet']);
  rows.push(['Angiven signeringstid (/M)', localTime(s.claimedSigningTime)]);
  if (s.timestamp) {
    const poe = s.timestamp.proofOfExistence === undefined ? '' : `; bevis vid kontrolltidpunkten: ${yesNo(s.timestamp.proofOfExistence)}`;
    const until = s.timestamp.notAfter
      ? `; utfärdarens certifikat giltigt till ${formatStockholmTimestamp(s.timestamp.notAfter).slice(0, 10)}`
      : '';
    rows.push([
      'Tidsstämpel',
      `${localTime(s.timestamp.time)}; kontrollerad: ${yesNo(s.timestamp.verified)}; betrodd: ${yesNo(s.timestamp.trusted)}${until}${poe}`,
    ]);
  }
  rows.push(['Täcker revision', s.revision === null ? '–' : String(s.revision)]);
  rows.push(['Täckning', COVERAGE_SV[s.coverage] + (engineer && s.coverageReason ? ` (${s.coverageReason})` : '')]);
  rows.push([
    'Byteintervall (/ByteRange)',
    s.byteRange.values ? `[${s.byteRange.values.join(' ')}] ${s.byteRange.ok ? 'korrekt' : 'FELAKTIGT'}` : 'saknas',
  ]);
  rows.push(['Innehållet oförändrat (hash)', yesNo(s.cms.messageDigestOk)]);
  rows.push(['Kryptografisk underskrift giltig', yesNo(s.cms.signatureOk)]);
  rows.push(['PAdES baslinje B-B', yesNo(s.cms.pades.ok)]);
  if (s.certificate) {
    rows.push(['Betrodd certifikatkedja', yesNo(s.certificate.chainTrusted)]);
    rows.push([
      'Certifikatet giltigt vid',
      `${localTime(s.certificate.referenceTime)} (${SOURCE_SV[s.certificate.referenceTimeSource]}): ${yesNo(s.certificate.validAtReferenceTime)}`,
    ]);
    rows.push(['Spärrstatus', REVOCATION_SV[s.certificate.revocation.status]]);
    rows.push(['Nyckelanvändning tillåter underskrift', yesNo(s.certificate.keyUsageOk)]);
  }
  return rows;
}

/** The CSS class of a verdict ("utfall-giltig", …), for pages that show it. */
export function verdictClass(v: ValidationReport['verdict']): string {
  return v === 'GILTIG'
    ? 'giltig'
    : v === 'GILTIG MED ANMÄRKNING'
      ? 'anmarkning'
      : v === 'KAN INTE AVGÖRAS'
        ? 'kan-inte-avgoras'
        : v === 'EJ SIGNERAD'
          ? 'ej-signerad'
          : 'ogiltig';
}

export interface RenderHtmlOptions {
  headingLevel?: 2 | 3;
  /**
   * The details of a page that shows its own summary first (/validera): no verdict heading or summary
   * sentence (the page has them), and each signature's checks and the changes after it folded in a
   * <details> of their own, so a phone gets a short page until the reader opens one.
   */
  folded?: boolean;
}

/** An HTML fragment (no <html>/<body>), escaped, with headings and tables with <th>. */
export function renderHtml(r: ValidationReport, opts: RenderHtmlOptions = {}): string {
  const h = opts.headingLevel ?? 2;
  const out: string[] = [];
  const cls = verdictClass(r.verdict);
  if (opts.folded) {
    out.push(`<section class="valideringsrapport" lang="sv" aria-label="Alla kontroller">`);
  } else {
    out.push(`<section class="valideringsrapport" lang="sv" aria-labelledby="vr-resultat">`);
    out.push(`<h${h} id="vr-resultat">Resultat: <span class="utfall utfall-${cls}">${esc(r.verdict)}</span></h${h}>`);
    out.push(`<p>${esc(r.summary.sv)}</p>`);
  }
  // The ETSI indication and the English summary are for specialists: folded, so a reader of the page
  // meets only Swedish ("The message digest does not match …" is not for the public).
  out.push('<details class="tekniskt"><summary>Tekniska detaljer (ETSI-utfall och sammanfattning på engelska)</summary>');
  if (r.etsi) out.push(`<p>ETSI EN 319 102-1: <span lang="en">${esc(etsiText(r.etsi))}</span></p>`);
  out.push(`<p lang="en" class="engelska">${esc(r.summary.en)}</p>`);
  out.push('</details>');
  out.push(`<h${h + 1}>Dokumentet</h${h + 1}>`);
  out.push('<table class="pairs"><caption>Uppgifter om filen</caption><tbody>');
  const doc: [string, string][] = [
    ['SHA-256', r.document.sha256],
    ['Storlek', `${r.document.size} byte`],
    ['Antal revisioner', String(r.document.revisions)],
    ['Krypterad', yesNo(r.document.encrypted)],
    ['Bedömd per', localTime(r.validatedAt)],
  ];
  for (const [k, v] of doc) out.push(`<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`);
  out.push('</tbody></table>');
  if (r.attacks.length) {
    out.push(`<h${h + 1}>Upptäckta angrepp</h${h + 1}>`);
    out.push('<ul>');
    for (const a of r.attacks)
      out.push(`<li><strong>${esc(a.title.sv)}</strong>${a.field ? ` (fält ${esc(a.field)})` : ''}: ${esc(a.sv)}</li>`);
    out.push('</ul>');
  }
  r.signatures.forEach((s, i) => {
    const title = `${esc(KIND_SV[s.kind])} ${i + 1}: ${esc(s.signer?.name ?? s.field)}`;
    if (opts.folded) out.push(`<details class="underskrift"><summary>${title} (${esc(STATUS_SV[s.status])})</summary>`);
    else out.push(`<h${h + 1}>${title}</h${h + 1}>`);
    out.push(`<table class="pairs"><caption>Kontroller för ${esc(s.field)}</caption><tbody>`);
    for (const [k, v] of sigRows(s)) out.push(`<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`);
    out.push('</tbody></table>');
    const changes = s.changesAfter.flatMap((c) => [
      ...c.notAllowed.map((x) => ({ ...x, ok: false, rev: c.revision })),
      ...c.allowed.map((x) => ({ ...x, ok: true, rev: c.revision })),
    ]);
    if (changes.length) {
      const bad = changes.filter((c) => !c.ok).length;
      if (opts.folded)
        out.push(
          `<details class="andringar"${bad ? ' open' : ''}><summary>Ändringar efter underskriften: ${changes.length} objekt, ${bad ? `<strong>${bad} otillåtna</strong>` : 'alla tillåtna'}</summary>`,
        );
      out.push(
        `<table class="stack"><caption>Ändringar efter underskriften</caption><thead><tr><th scope="col">Revision</th><th scope="col">Objekt</th><th scope="col">Ändring</th><th scope="col">Tillåten</th></tr></thead><tbody>`,
      );
      for (const c of changes)
        out.push(
          `<tr><td data-label="Revision">${c.rev}</td><td data-label="Objekt">${esc(c.object)}</td><td data-label="Ändring">${esc(c.sv)}</td><td data-label="Tillåten">${c.ok ? 'ja' : '<strong>nej</strong>'}</td></tr>`,
        );
      out.push('</tbody></table>');
      if (opts.folded) out.push('</details>');
    }
    if (s.findings.length) out.push(findingsHtml(s.findings));
    if (opts.folded) out.push('</details>');
  });
  if (r.findings.length) {
    out.push(`<h${h + 1}>Övrigt</h${h + 1}>`);
    out.push(findingsHtml(r.findings));
  }
  out.push('</section>');
  return out.join('\n');
}

function findingsHtml(fs: Finding[]): string {
  return `<ul>${fs.map((x) => `<li><strong>${esc(SEVERITY_SV[x.severity])}:</strong> ${esc(x.sv)}</li>`).join('')}</ul>`;
}

/** Plain text in Swedish for the CLI (English in brackets where it helps engineers). */
export function renderText(r: ValidationReport): string {
  const lines: string[] = [];
  lines.push(`Resultat: ${r.verdict}`);
  if (r.etsi) lines.push(`ETSI EN 319 102-1: ${etsiText(r.etsi)}`);
  lines.push(r.summary.sv);
  lines.push(`Bedömd per: ${localTime(r.validatedAt)}`);
  lines.push('');
  lines.push(`SHA-256: ${r.document.sha256}`);
  lines.push(`Storlek: ${r.document.size} byte, revisioner: ${r.document.revisions}${r.document.encrypted ? ', KRYPTERAD' : ''}`);
  for (const a of r.attacks) lines.push(`ANGREPP: ${a.title.sv}${a.field ? ` (fält ${a.field})` : ''}: ${a.sv}`);
  r.signatures.forEach((s, i) => {
    lines.push('');
    lines.push(`${KIND_SV[s.kind]} ${i + 1}`);
    for (const [k, v] of sigRows(s, true)) lines.push(`  ${k}: ${v}`);
    for (const c of s.changesAfter) {
      for (const x of c.notAllowed) lines.push(`  Otillåten ändring i revision ${c.revision}: ${x.sv} (objekt ${x.object})`);
      const ok = c.allowed.filter((x) => !/unchanged/.test(x.en));
      if (ok.length) lines.push(`  Tillåtna tillägg i revision ${c.revision}: ${[...new Set(ok.map((x) => x.sv))].join('; ')}`);
    }
    for (const x of s.findings) lines.push(`  ${SEVERITY_SV[x.severity]}: ${x.sv}`);
  });
  if (r.findings.length) {
    lines.push('');
    for (const x of r.findings) lines.push(`${SEVERITY_SV[x.severity]}: ${x.sv}`);
  }
  return lines.join('\n') + '\n';
}
