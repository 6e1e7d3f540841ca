import { identificationOf } from './identification';
import { createHash } from 'node:crypto';
import { FieldInfo, PdfArray, PdfDict, PdfObject, PdfReadError, PdfReader, PdfRef, PdfStream, PdfString } from '@justera/pdf-reader';
import { analyzeRevision, ChangeContext, RevisionChanges, unexplainedBytes } from './changes';
import { checkSigningCertificate, findSignerCert, parseCms, ParsedCms, verifySignerSignature, verifyTimestampToken } from './cms';
import { ParsedCrl, parseCrl, revocationFromCrls } from './crl';
import { derLength, parseDer } from './der';
import { formatStockholmTimestamp } from '@justera/sv';
import { PrefixDigests } from './digest';
import { OID } from './oids';
import { ParsedOcsp, parseOcsp, statusFromOcsp } from './ocsp';
import {
  ATTACK_TITLES,
  AttackFinding,
  AttackName,
  ByteRangeReport,
  Finding,
  SignatureReport,
  ValidationReport,
  EtsiResult,
  EtsiSubIndication,
  Verdict,
} from './report';
import { buildChain, CertInfo, certFromPem, parseCertificate } from './x509';

export interface ValidateOptions {
  /** PEM text of trusted root (or intermediate) certificates; one string may hold several. */
  trustAnchors?: string[];
  /**
   * The time to judge the document at (default: now), e.g. years ahead: only what the file holds (its
   * DSS, signature and document time-stamps) proves that a signature existed before a certificate expired.
   */
  at?: Date;
  /** @deprecated the older name of `at`. */
  now?: Date;
  /** Time budget for one validation in ms (default 10,000). */
  timeLimitMs?: number;
  /** Largest file accepted in bytes (default 256 MiB). */
  maxBytes?: number;
  /**
   * Optional lookup "does Justera know this document": called with the file's SHA-256 (hex); the
   * result is put unchanged into `report.knownDocument`. Synchronous on purpose: an async lookup
   * (database) belongs to the caller, which has `report.document.sha256`.
   */
  knownDocument?: (sha256: string) => unknown;
}

/** A date in the Swedish texts: the calendar date in Swedish time (not the UTC date of toISOString). */
const swedishDate = (d: Date): string => formatStockholmTimestamp(d).slice(0, 10);

const KNOWN_SUBFILTERS = ['ETSI.CAdES.detached', 'adbe.pkcs7.detached', 'adbe.pkcs7.sha1', 'ETSI.RFC3161'];

const f = (code: string, severity: Finding['severity'], sv: string, en: string, etsi?: EtsiSubIndication): Finding =>
  etsi ? { code, severity, sv, en, etsi } : { code, severity, sv, en };

/** The ETSI EN 319 102-1 sub-indication of an error finding without an explicit one. */
const ERROR_SUB: Record<string, EtsiSubIndication> = {
  'digest-mismatch': 'HASH_FAILURE',
  'signature-invalid': 'SIG_CRYPTO_FAILURE',
  revoked: 'REVOKED',
  'certificate-not-valid': 'NOT_YET_VALID',
};

/** The ETSI result of a list of findings: any error fails, any indeterminate finding makes it INDETERMINATE. */
function etsiOf(findings: Finding[]): EtsiResult {
  const err = findings.find((x) => x.severity === 'error');
  if (err) return { indication: 'TOTAL-FAILED', subIndication: err.etsi ?? ERROR_SUB[err.code] ?? 'FORMAT_FAILURE' };
  const ind = findings.find((x) => x.severity === 'indeterminate');
  if (ind) return { indication: 'INDETERMINATE', subIndication: ind.etsi ?? 'GENERIC' };
  return { indication: 'TOTAL-PASSED' };
}

/** Validates a (signed) PDF. Never throws; never hangs (time and size limits). */
export function validatePdf(bytes: Uint8Array, opts: ValidateOptions = {}): ValidationReport {
  const t0 = Date.now();
  const now = opts.at ?? opts.now ?? new Date();
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const report: ValidationReport = {
    schema: 'justera.validation/1',
    validatedAt: now.toISOString(),
    verdict: 'KAN INTE LÄSAS',
    etsi: null,
    summary: { sv: '', en: '' },
    document: { sha256: '', size: buf.length, revisions: 0, encrypted: false, xrefRecovered: false, structureWarnings: [] },
    signatures: [],
    attacks: [],
    findings: [],
    durationMs: 0,
  };
  const finish = (_done?: ValidationReport): ValidationReport => {
    report.durationMs = Date.now() - t0;
    return report;
  };
  const maxBytes = opts.maxBytes ?? 256 * 2 ** 20;
  if (buf.length > maxBytes) {
    report.findings.push(f('too-large', 'error', `Filen är större än gränsen ${maxBytes} byte.`, `The file exceeds the ${maxBytes} byte limit.`));
    return finish(summarize(report, 'KAN INTE LÄSAS'));
  }
  // One SHA-256 pass over the file; the signatures' digests continue from its kept states (digest.ts).
  const digests = new PrefixDigests(buf);
  report.document.sha256 = digests.sha256;
  if (opts.knownDocument) {
    try {
      report.knownDocument = opts.knownDocument(report.document.sha256);
    } catch (e) {
      report.findings.push(f('known-document-lookup-failed', 'info', 'Uppslagningen av dokumentet misslyckades.', `knownDocument hook failed: ${(e as Error).message}`));
    }
  }
  let anchors: CertInfo[] = [];
  try {
    anchors = (opts.trustAnchors ?? []).flatMap((p) => certFromPem(p));
  } catch (e) {
    report.findings.push(f('bad-trust-anchor', 'warning', 'Ett betrott rotcertifikat kunde inte läsas och ignorerades.', `A trust anchor could not be parsed: ${(e as Error).message}`));
  }
  const timeLimitMs = opts.timeLimitMs ?? 10_000;
  let reader: PdfReader;
  try {
    reader = PdfReader.open(buf, { timeLimitMs });
  } catch (e) {
    const code = e instanceof PdfReadError ? e.code : 'INTERNAL';
    report.findings.push(f(`read-error-${code}`, 'error', readErrorSv(code), `The file cannot be read: ${(e as Error).message}`));
    return finish(summarize(report, 'KAN INTE LÄSAS'));
  }
  try {
    return finish(validateRead(reader, report, anchors, now, t0, timeLimitMs, digests));
  } catch (e) {
    const hadSigs = report.signatures.length > 0;
    const code = e instanceof PdfReadError ? e.code : 'INTERNAL';
    // Limits (time, size) mean the check could not be completed: KAN INTE LÄSAS. Other read errors
    // after signatures were found, and internal errors, make the document OGILTIG.
    const limit = e instanceof PdfReadError && (code === 'DEADLINE' || code.startsWith('LIMIT'));
    report.findings.push(
      f(`validation-error-${code}`, 'error', e instanceof PdfReadError ? readErrorSv(code) : 'Ett oväntat fel inträffade under kontrollen; dokumentet kan inte godtas.', `Validation failed: ${(e as Error).message}`),
    );
    return finish(summarize(report, limit ? 'KAN INTE LÄSAS' : hadSigs || !(e instanceof PdfReadError) ? 'OGILTIG' : 'KAN INTE LÄSAS'));
  }
}

function readErrorSv(code: string): string {
  switch (code) {
    case 'DEADLINE':
      return 'Kontrollen tog för lång tid och avbröts (tidsgräns).';
    case 'LIMIT_SIZE':
    case 'LIMIT_OBJECTS':
    case 'LIMIT_DEPTH':
      return 'Filen överskrider gränserna för vad som kontrolleras (storlek, antal objekt eller djup).';
    case 'NOT_PDF':
    case 'BAD_HEADER':
      return 'Filen är inte en PDF.';
    default:
      return 'Filen är en skadad eller felaktig PDF och kan inte läsas.';
  }
}

interface SigCandidate {
  field: FieldInfo;
  dict: PdfDict;
  ref?: PdfRef;
  /** Found only in an earlier revision: the latest revision no longer shows this signature. */
  removed?: boolean;
}

function validateRead(reader: PdfReader, report: ValidationReport, anchors: CertInfo[], now: Date, t0: number, timeLimitMs: number, digests: PrefixDigests): ValidationReport {
  report.document.revisions = reader.revisions.length;
  report.document.encrypted = reader.encrypted;
  report.document.pdfVersion = reader.version;
  report.document.xrefRecovered = reader.recovered;
  if (reader.encrypted) {
    report.findings.push(f('encrypted', 'error', 'Filen är krypterad (lösenordsskyddad). Krypterade PDF-filer kan inte kontrolleras eller justeras.', 'The file is encrypted; encrypted PDFs are not validated.'));
    return summarize(report, 'KAN INTE LÄSAS');
  }
  const checkTime = (): void => {
    if (Date.now() - t0 > timeLimitMs) throw new PdfReadError('DEADLINE', `validation exceeded ${timeLimitMs} ms`);
  };
  reader.catalog();
  const fields = reader.fields();
  const sigs: SigCandidate[] = [];
  for (const fl of fields) {
    if (fl.type !== 'Sig' || fl.value === undefined) continue;
    const v = reader.resolve(fl.value);
    if (v instanceof PdfDict) sigs.push({ field: fl, dict: v, ref: fl.value instanceof PdfRef ? fl.value : undefined });
  }
  // Signatures that an earlier revision has but the latest no longer shows (a removed signature).
  const seen = new Set(sigs.map((x) => x.ref?.key));
  const lastRev = reader.revisions.length - 1;
  for (let rev = lastRev - 1; rev >= Math.max(0, lastRev - 200); rev--) {
    checkTime();
    let older: FieldInfo[];
    try {
      older = reader.fields(rev);
    } catch (e) {
      if (e instanceof PdfReadError && (e.code === 'DEADLINE' || e.code.startsWith('LIMIT'))) throw e;
      continue;
    }
    for (const fl of older) {
      if (fl.type !== 'Sig' || !(fl.value instanceof PdfRef) || seen.has(fl.value.key)) continue;
      const v = reader.resolve(fl.value, rev);
      if (!(v instanceof PdfDict)) continue;
      seen.add(fl.value.key);
      sigs.push({ field: fl, dict: v, ref: fl.value, removed: true });
    }
  }
  // Structure remarks.
  if (reader.recovered) {
    report.findings.push(f('xref-recovered', 'warning', 'Filens korsreferenstabell är trasig och har återskapats; filen är inte korrekt uppbyggd.', 'The cross-reference data is broken and was rebuilt by scanning.'));
  }
  try {
    reader.pages();
  } catch (e) {
    if (e instanceof PdfReadError && e.code === 'DEADLINE') throw e;
    report.findings.push(f('page-tree-broken', 'error', 'Sidträdet är trasigt (t.ex. cirkulärt).', `The page tree is broken: ${(e as Error).message}`));
  }
  try {
    reader.checkAll();
  } catch (e) {
    if (e instanceof PdfReadError && (e.code === 'DEADLINE' || e.code.startsWith('LIMIT'))) throw e;
  }
  report.document.structureWarnings = [...reader.warnings];
  if (reader.warnings.length && !reader.recovered) {
    report.findings.push(f('structure-warnings', 'warning', 'Filen har mindre strukturfel som har tolererats.', `Tolerated structure problems: ${reader.warnings.slice(0, 5).join('; ')}`));
  }
  if (!sigs.length) {
    // Nothing to vouch for: a structurally broken file is refused outright, so that it is not
    // taken in for justering either.
    if (!report.findings.some((x) => x.severity === 'error') && (reader.recovered || reader.warnings.length)) {
      report.findings.push(
        f('malformed', 'error', `Filen är inte en korrekt uppbyggd PDF och kan inte tas emot (${reader.warnings.length} fel i filens struktur).`, `The file is not a well-formed PDF: ${reader.warnings.slice(0, 5).join('; ')}`),
      );
    }
    return summarize(report, report.findings.some((x) => x.severity === 'error') ? 'KAN INTE LÄSAS' : 'EJ SIGNERAD');
  }
  const dss = readDss(reader);
  // Certification (DocMDP).
  const cat = reader.catalog();
  const perms = reader.get(cat, 'Perms');
  const docMdpRef = perms instanceof PdfDict ? perms.get('DocMDP') : undefined;
  const changeCache = new Map<number, RevisionChanges>();
  const junkCache = new Map<number, number>();
  let docMdpP: number | undefined;
  const sigReports: { rep: SignatureReport; cand: SigCandidate }[] = [];
  // Document time-stamps first: each valid one is proof of existence (POE) of everything it covers.
  const isDocTsDict = (d: PdfDict) => d.name('Type') === 'DocTimeStamp' || d.name('SubFilter') === 'ETSI.RFC3161';
  const ordered = [...sigs.filter((c) => isDocTsDict(c.dict)), ...sigs.filter((c) => !isDocTsDict(c.dict))];
  const poe = new ProofOfExistence(now);
  let poeDone = false;
  for (const cand of ordered) {
    checkTime();
    if (!poeDone && !isDocTsDict(cand.dict)) {
      poe.settle(sigReports.map((x) => x.rep));
      poeDone = true;
    }
    const isCert = docMdpRef instanceof PdfRef && cand.ref !== undefined && docMdpRef.num === cand.ref.num;
    const rep = analyzeSignature(reader, cand, anchors, dss, poe, isCert, digests);
    if (isCert) docMdpP = rep.docMdpP;
    if (cand.removed) {
      rep.findings.push(f('signature-removed', 'error', 'Underskriften finns i en tidigare version av dokumentet men har tagits bort i en senare.', 'The signature exists in an earlier revision but was removed later.'));
      addAttack(report, 'incremental-saving-attack', rep.field, 'En underskrift har tagits bort i en senare version.', 'A signature was removed in a later revision.');
    }
    sigReports.push({ rep, cand });
    report.signatures.push(rep);
  }
  if (!poeDone) poe.settle(sigReports.map((x) => x.rep));
  // Show signatures in signing order (the revision they cover); unplaceable ones last.
  sigReports.sort((a, b) => (a.rep.revision ?? Infinity) - (b.rep.revision ?? Infinity));
  report.signatures = sigReports.map((x) => x.rep);
  // Changes after each signature.
  const ctx: ChangeContext = { docMdpP };
  const last = reader.revisions.length - 1;
  for (const { rep } of sigReports) {
    if (rep.revision === null) continue;
    const r = rep.revision - 1;
    for (let k = r + 1; k <= last; k++) {
      checkTime();
      let ch = changeCache.get(k);
      if (!ch) {
        ch = analyzeRevision(reader, k, ctx);
        changeCache.set(k, ch);
      }
      rep.changesAfter.push({ revision: ch.revision, allowed: ch.allowed, notAllowed: ch.notAllowed });
      let junk = junkCache.get(k);
      if (junk === undefined) junkCache.set(k, (junk = unexplainedBytes(reader, k)));
      if (junk > 0) {
        rep.findings.push(
          f('unreferenced-data', 'warning', `Version ${ch.revision} innehåller ${junk} byte som inte hör till något objekt (till exempel rester av en avskuren version).`, `Revision ${ch.revision} holds ${junk} bytes that belong to no object (e.g. remains of a cut-off revision).`),
        );
      }
      if (ch.notAllowed.length) {
        rep.findings.push(
          f(
            'changed-after-signing',
            'error',
            `Efter underskriften har otillåtna ändringar gjorts i version ${ch.revision}: ${ch.notAllowed.slice(0, 3).map((x) => x.sv).join('; ')}.`,
            `Not allowed changes after signing in revision ${ch.revision}: ${ch.notAllowed.slice(0, 3).map((x) => x.en).join('; ')}.`,
          ),
        );
        const shadow = ch.notAllowed.some((x) => x.category === 'page-content');
        addAttack(report, shadow ? 'shadow-attack' : 'incremental-saving-attack', rep.field,
          shadow ? `Sidinnehåll har ändrats eller täckts över i en senare version (${ch.revision}).` : `En senare version (${ch.revision}) ändrar dokumentets struktur (sidor, annoteringar eller katalog).`,
          shadow ? `Page content was changed or overlaid in a later revision (${ch.revision}).` : `A later revision (${ch.revision}) changes the document structure (pages, annotations or catalog).`);
      }
      if (ch.allowed.some((x) => /form field/.test(x.en) && !/signature/.test(x.en))) {
        rep.findings.push(f('form-filled-after-signing', 'info', `Formulärfält har fyllts i efter underskriften (tillåtet av certifieringen), version ${ch.revision}.`, `Form fields were filled in after signing (permitted by the certification), revision ${ch.revision}.`));
      }
      if (ch.allowed.some((x) => /document information|XMP metadata/.test(x.en) && !/unchanged/.test(x.en))) {
        rep.findings.push(f('metadata-changed-after-signing', 'info', `Dokumentinformation (metadata) har ändrats efter underskriften, version ${ch.revision}.`, `Document metadata was changed after signing, revision ${ch.revision}.`));
      }
    }
  }
  const tail = trailingData(reader);
  if (tail && tail.syntax) {
    // PDF syntax after the last %%EOF: an update a reader might apply (an incremental saving attack).
    report.findings.push(f('uncovered-tail', 'error', `Filen har ${tail.bytes} byte med PDF-syntax (objekt, korsreferenser eller trailer) efter sista versionen som ingen underskrift täcker och som inte är en korrekt version.`, `${tail.bytes} bytes with PDF syntax (objects, xref or trailer) after the last revision are covered by no signature and form no valid revision.`));
    addAttack(report, 'incremental-saving-attack', undefined, 'Data med PDF-syntax har lagts till efter den sista versionen av filen.', 'Data with PDF syntax was appended after the last revision of the file.');
  } else if (tail) {
    // Bytes without PDF syntax after the last %%EOF: ISO 32000 readers ignore them (e.g. padding added by
    // a transfer or an archive system). Nothing a reader shows can come from them: a remark.
    report.findings.push(f('trailing-bytes', 'warning', `Filen har ${tail.bytes} byte utan PDF-innehåll efter sista versionen. De visas inte och ändrar inget, men ingen underskrift täcker dem.`, `${tail.bytes} bytes without PDF syntax follow the last revision; readers ignore them, but no signature covers them.`));
  }
  for (const { rep } of sigReports) {
    rep.etsi = etsiOf(rep.findings);
    rep.status = rep.etsi.indication === 'TOTAL-FAILED' ? 'invalid' : rep.etsi.indication === 'INDETERMINATE' ? 'indeterminate' : rep.findings.some((x) => x.severity === 'warning') ? 'valid-with-remarks' : 'valid';
  }
  const anyInvalid = sigReports.some((s) => s.rep.status === 'invalid') || report.attacks.length > 0 || report.findings.some((x) => x.severity === 'error');
  const anyIndeterminate = sigReports.some((s) => s.rep.status === 'indeterminate') || report.findings.some((x) => x.severity === 'indeterminate');
  const anyRemark = sigReports.some((s) => s.rep.status === 'valid-with-remarks') || report.findings.some((x) => x.severity === 'warning');
  const signatures = sigReports.filter((s) => s.rep.kind !== 'document-timestamp');
  if (!signatures.length && !anyInvalid) {
    report.findings.push(f('only-timestamps', 'info', 'Dokumentet har bara dokumenttidsstämplar, inga personliga underskrifter.', 'Only document timestamps, no signatures.'));
    return summarize(report, 'EJ SIGNERAD');
  }
  return summarize(report, anyInvalid ? 'OGILTIG' : anyIndeterminate ? 'KAN INTE AVGÖRAS' : anyRemark ? 'GILTIG MED ANMÄRKNING' : 'GILTIG');
}

/**
 * Proof of existence from document time-stamps (ETSI EN 319 102-1 5.6.2.3, archival data): walked
 * from the newest to the oldest, a document time-stamp counts when it verifies, its unit chains to a
 * trust anchor, and its unit's path is still valid at its control time — the validation time for the
 * newest one, else the time of the earliest later document time-stamp that counts (which covers it).
 * Everything in the revisions a counting document time-stamp covers provably existed at its time.
 */
class ProofOfExistence {
  /** [revision covered (1-based), time] of the document time-stamps that count. */
  private proofs: { revision: number; time: Date }[] = [];

  constructor(readonly validationTime: Date) {}

  settle(docTimestamps: SignatureReport[]): void {
    const list = docTimestamps
      .filter((r) => r.kind === 'document-timestamp' && r.revision !== null)
      .sort((a, b) => b.revision! - a.revision!);
    for (const r of list) {
      const control = this.controlTime(r.revision!);
      const ts = r.timestamp;
      if (!ts) continue;
      ts.controlTime = control.toISOString();
      const expired = !!ts.notAfter && new Date(ts.notAfter) < control;
      ts.proofOfExistence = ts.verified && ts.trusted && !expired && !!ts.time;
      if (ts.proofOfExistence) this.proofs.push({ revision: r.revision!, time: new Date(ts.time!) });
      else if (ts.verified && ts.trusted && expired) {
        r.findings.push(
          f(
            'timestamp-expired-no-poe',
            'indeterminate',
            `Tidsstämpelenhetens certifikat gick ut ${ts.notAfter!.slice(0, 10)}, och ingen senare giltig tidsstämpel bevisar att tidsstämpeln fanns dessförinnan (arkivtidsstämpeln har inte förnyats).`,
            `The time-stamping unit's certificate expired on ${ts.notAfter}; no later valid time-stamp proves the token existed before (the archive time-stamp was not renewed).`,
            'NO_POE',
          ),
        );
      }
    }
  }

  /** The time a token in revision `revision` must be valid at: the earliest counting proof covering it, else the validation time. */
  controlTime(revision: number | null): Date {
    return this.proofFor(revision) ?? this.validationTime;
  }

  /** The earliest time at which a counting document time-stamp proves revision `revision` existed. */
  proofFor(revision: number | null): Date | undefined {
    if (revision === null) return undefined;
    let best: Date | undefined;
    for (const p of this.proofs) if (p.revision > revision && (!best || p.time < best)) best = p.time;
    return best;
  }
}

/** PDF syntax that could make a reader see another revision or object (ISO 32000-1 7.3, 7.5). */
const TAIL_SYNTAX = /\b(?:\d+\s+\d+\s+obj|endobj|stream|endstream|xref|trailer|startxref)\b|%%EOF|<<|\/Root\b|\/Type\b/;

/** Non-whitespace bytes after the last revision's %%EOF, and whether they hold PDF syntax. */
export function trailingData(reader: PdfReader): { bytes: number; syntax: boolean } | undefined {
  const end = reader.revisions[reader.revisions.length - 1]!.end;
  const rest = reader.bytes.subarray(end);
  let n = 0;
  for (const c of rest) if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0x00 && c !== 0x0c) n++;
  if (!n) return undefined;
  return { bytes: rest.length, syntax: TAIL_SYNTAX.test(Buffer.from(rest).toString('latin1')) };
}

function addAttack(report: ValidationReport, name: AttackName, field: string | undefined, sv: string, en: string): void {
  if (report.attacks.some((a) => a.name === name && a.field === field)) return;
  report.attacks.push({ name, title: ATTACK_TITLES[name], field, sv, en });
}

interface Dss {
  certs: CertInfo[];
  crls: ParsedCrl[];
  ocsps: ParsedOcsp[];
}

function readDss(reader: PdfReader): Dss {
  const out: Dss = { certs: [], crls: [], ocsps: [] };
  try {
    const dss = reader.get(reader.catalog(), 'DSS');
    if (!(dss instanceof PdfDict)) return out;
    const streams = (key: string): Buffer[] => {
      const a = reader.get(dss, key);
      if (!(a instanceof PdfArray)) return [];
      return a.items.flatMap((x) => {
        const s = reader.resolve(x);
        try {
          return s instanceof PdfStream ? [reader.decodeStream(s)] : [];
        } catch {
          return [];
        }
      });
    };
    for (const c of streams('Certs')) {
      try {
        out.certs.push(parseCertificate(c));
      } catch {
        /* skipped */
      }
    }
    for (const c of streams('CRLs')) {
      try {
        out.crls.push(parseCrl(c));
      } catch {
        /* skipped */
      }
    }
    for (const c of streams('OCSPs')) {
      try {
        out.ocsps.push(parseOcsp(c));
      } catch {
        /* skipped */
      }
    }
  } catch (e) {
    if (e instanceof PdfReadError && e.code === 'DEADLINE') throw e;
  }
  return out;
}

/** Parses a PDF date "D:YYYYMMDDHHmmSSOHH'mm'" to ISO, or undefined. */
export function parsePdfDate(s: string): string | undefined {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(s.trim());
  if (!m) return undefined;
  const [y, mo = '01', d = '01', h = '00', mi = '00', se = '00'] = m.slice(1, 7).map((x) => x ?? undefined) as string[];
  let t = Date.UTC(Number(y), Number(mo ?? '01') - 1, Number(d ?? '01'), Number(h ?? '00'), Number(mi ?? '00'), Number(se ?? '00'));
  if (m[7] === '+' || m[7] === '-') {
    const off = (Number(m[8] ?? 0) * 60 + Number(m[9] ?? 0)) * 60000;
    t += m[7] === '+' ? -off : off;
  }
  const dt = new Date(t);
  return Number.isNaN(dt.getTime()) ? undefined : dt.toISOString();
}

function intArray(reader: PdfReader, o: PdfObject | undefined): number[] | null {
  const a = reader.resolve(o);
  if (!(a instanceof PdfArray)) return null;
  const out: number[] = [];
  for (const x of a.items) {
    const v = reader.resolve(x);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return null;
    out.push(v);
  }
  return out;
}

function analyzeSignature(reader: PdfReader, cand: SigCandidate, anchors: CertInfo[], dss: Dss, poe: ProofOfExistence, isCert: boolean, digests: PrefixDigests): SignatureReport {
  const now = poe.validationTime;
  const d = cand.dict;
  const findings: Finding[] = [];
  const bytes = reader.bytes;
  const subFilter = d.name('SubFilter');
  const isDocTs = d.name('Type') === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161';
  const mRaw = reader.resolve(d.get('M'));
  const rep: SignatureReport = {
    field: cand.field.name,
    kind: isDocTs ? 'document-timestamp' : isCert ? 'certification' : 'signature',
    subFilter,
    claimedSigningTime: mRaw instanceof PdfString ? parsePdfDate(mRaw.text()) : undefined,
    revision: null,
    coverage: 'suspicious',
    byteRange: { values: null, startsAtZero: false, gapIsContents: false, noOverlap: false, endsAtRevisionEnd: false, ok: false },
    cms: {
      parsed: false,
      messageDigestOk: null,
      signatureOk: null,
      pades: { contentType: false, messageDigest: false, signingCertificateV2: false, noSigningTime: true, ok: false },
      signingCertificateMatches: null,
      subFilterOk: !!subFilter && KNOWN_SUBFILTERS.includes(subFilter),
    },
    changesAfter: [],
    status: 'invalid',
    etsi: { indication: 'TOTAL-FAILED', subIndication: 'FORMAT_FAILURE' },
    findings,
  };
  const attack = (name: AttackName, sv: string, en: string): void => {
    findings.push(f(`attack-${name}`, 'error', sv, en));
    pendingAttacks.push({ name, title: ATTACK_TITLES[name], field: rep.field, sv, en });
  };
  const pendingAttacks: AttackFinding[] = [];
  (rep as SignatureReport & { _attacks?: AttackFinding[] })._attacks = pendingAttacks;

  if (isCert) {
    const refs = reader.resolve(d.get('Reference'));
    let p = 2;
    if (refs instanceof PdfArray) {
      for (const x of refs.items) {
        const rd = reader.resolve(x);
        if (rd instanceof PdfDict && rd.name('TransformMethod') === 'DocMDP') {
          const tp = reader.resolve(rd.get('TransformParams'));
          const pv = tp instanceof PdfDict ? reader.resolve(tp.get('P')) : undefined;
          if (typeof pv === 'number' && [1, 2, 3].includes(pv)) p = pv;
        }
      }
    }
    rep.docMdpP = p;
  }
  if (!rep.cms.subFilterOk) {
    findings.push(f('unsupported-subfilter', 'error', `Underskriftsformatet (${subFilter ?? 'saknas'}) stöds inte.`, `Unsupported /SubFilter ${subFilter ?? '(missing)'}.`));
  }

  // --- /Contents and /ByteRange
  const contentsRaw = d.get('Contents');
  const contents = reader.resolve(contentsRaw);
  const br = intArray(reader, d.get('ByteRange'));
  rep.byteRange.values = br;
  if (!(contents instanceof PdfString) || contents.bytes.length === 0 || contents.bytes.every((b) => b === 0)) {
    attack('universal-signature-forgery', 'Underskriften saknar innehåll (/Contents är tomt eller saknas).', 'The signature has no /Contents (missing, empty or all zero).');
  }
  if (!br || br.length === 0 || br.length % 2 !== 0) {
    attack('universal-signature-forgery', 'Underskriftens byteintervall (/ByteRange) saknas eller är ogiltigt.', 'The /ByteRange is missing or invalid.');
  }
  const size = bytes.length;
  let revIdx = -1;
  if (br && br.length >= 2 && br.length % 2 === 0) {
    const b = rep.byteRange;
    b.startsAtZero = br[0] === 0;
    let ok = true;
    for (let i = 0; i < br.length; i += 2) {
      if (br[i]! + br[i + 1]! > size) ok = false;
      if (i > 0 && br[i]! < br[i - 2]! + br[i - 1]!) ok = false;
    }
    b.noOverlap = ok;
    if (br.length === 4 && contents instanceof PdfString && contents.start >= 0 && contentsRaw instanceof PdfString) {
      b.gapIsContents = br[0]! + br[1]! === contents.start && br[2] === contents.end;
    }
    const end = br[br.length - 2]! + br[br.length - 1]!;
    revIdx = reader.revisions.findIndex((r) => r.end === end || r.eofEnd === end);
    if (revIdx < 0 && end === size) revIdx = reader.revisions.length - 1;
    b.endsAtRevisionEnd = revIdx >= 0;
    b.ok = br.length === 4 && b.startsAtZero && b.noOverlap && b.gapIsContents && b.endsAtRevisionEnd;
    // The signature dictionary must lie in the revision it signs.
    if (b.ok && contents instanceof PdfString && contents.start < reader.revisions[revIdx]!.start) {
      b.ok = false;
      rep.coverageReason = 'the signature dictionary is not in the revision it covers';
    }
    if (!b.ok) {
      const reasons: string[] = [];
      if (br.length !== 4) reasons.push(`${br.length} numbers instead of 4`);
      if (!b.startsAtZero) reasons.push('does not start at byte 0');
      if (!b.noOverlap) reasons.push('ranges overlap or run past the end of the file');
      if (br.length === 4 && !b.gapIsContents) reasons.push('the gap is not exactly the /Contents hex string');
      if (!b.endsAtRevisionEnd) reasons.push('does not end at the end of a revision');
      if (rep.coverageReason) reasons.push(rep.coverageReason);
      rep.coverageReason = reasons.join('; ');
      const wrap = br.length !== 4 || !b.gapIsContents || !b.startsAtZero || !b.noOverlap;
      if (wrap) {
        attack('signature-wrapping', `Underskriftens byteintervall är manipulerat (${svReasons(b, br)}).`, `The /ByteRange is manipulated: ${rep.coverageReason}.`);
      } else {
        attack('incremental-saving-attack', 'Underskriften täcker inte en hel version av dokumentet.', `The signature does not cover a whole revision: ${rep.coverageReason}.`);
      }
    } else {
      rep.revision = revIdx + 1;
      const last = revIdx === reader.revisions.length - 1;
      rep.coverage = last ? 'whole-file' : 'whole-revision';
    }
  }

  // --- CMS
  let cms: ParsedCms | undefined;
  let cmsDer: Buffer | undefined;
  if (contents instanceof PdfString && contents.bytes.length && !contents.bytes.every((b) => b === 0)) {
    try {
      const raw = Buffer.from(contents.bytes);
      cmsDer = raw.subarray(0, derLength(raw));
      parseDer(cmsDer);
      cms = parseCms(cmsDer);
      rep.cms.parsed = true;
    } catch (e) {
      attack('universal-signature-forgery', 'Underskriftens innehåll är inte en läsbar CMS-underskrift.', `The /Contents is not a readable CMS signature: ${(e as Error).message}`);
    }
  }
  const ranges = (): Buffer[] => {
    if (!br || br.length % 2 !== 0) return [];
    const out: Buffer[] = [];
    for (let i = 0; i < br.length; i += 2) if (br[i]! + br[i + 1]! <= size) out.push(bytes.subarray(br[i]!, br[i]! + br[i + 1]!));
    return out;
  };
  const rangesOk = !!br && br.length >= 2 && br.length % 2 === 0 && rep.byteRange.noOverlap;
  if (cms && isDocTs) {
    const ts = verifyTimestampToken(cmsDer!, rangesOk ? ranges() : [], anchors, dss.certs);
    rep.cms.digestAlgorithm = cms.signers[0]?.digest;
    rep.cms.messageDigestOk = rangesOk ? ts.imprintOk : null;
    rep.cms.signatureOk = ts.signatureOk;
    rep.timestamp = { time: ts.time?.toISOString(), verified: ts.imprintOk && ts.signatureOk, trusted: ts.trusted, authority: ts.tsaName, notAfter: ts.chainNotAfter?.toISOString() };
    const si = cms.signers[0];
    const cert = si ? findSignerCert(si, [...cms.certificates, ...dss.certs]) : undefined;
    if (cert) rep.signer = signerOf(cert);
    if (!ts.imprintOk) findings.push(f('digest-mismatch', 'error', 'Dokumenttidsstämpeln stämmer inte med dokumentets innehåll.', 'The document timestamp imprint does not match the signed bytes.'));
    if (!ts.signatureOk) findings.push(f('signature-invalid', 'error', 'Tidsstämpelns kryptografiska underskrift är ogiltig.', 'The timestamp token signature does not verify.'));
    if (!ts.trusted) findings.push(f('timestamp-untrusted', 'warning', 'Tidsstämpelutfärdaren är inte betrodd.', 'The timestamp authority is not trusted.'));
    rep.cms.pades.ok = true;
    return rep;
  }
  if (!cms) return rep;
  for (const p of cms.problems) findings.push(f('cms-problem', 'warning', 'Ett inbäddat certifikat kunde inte läsas.', p));
  const si = cms.signers[0];
  if (!si || cms.signers.length !== 1) {
    findings.push(f('signer-count', 'error', 'Underskriften ska ha exakt en undertecknare.', `The CMS has ${cms.signers.length} signer infos, expected 1.`));
    if (!si) return rep;
  }
  rep.cms.digestAlgorithm = si.digest;
  rep.cms.signatureAlgorithm = si.sigAlgOid;
  if (!si.digest) findings.push(f('digest-unsupported', 'error', 'Underskriftens hashalgoritm stöds inte.', `Unsupported digest algorithm ${si.digestOid}.`));
  if (si.digest === 'sha1') findings.push(f('weak-digest', 'warning', 'Underskriften använder den föråldrade hashalgoritmen SHA-1.', 'The signature uses SHA-1.'));
  const pool = [...cms.certificates, ...dss.certs];
  const cert = findSignerCert(si, pool);
  if (cert) rep.signer = signerOf(cert);
  // Digest of the byte ranges.
  let docDigest: Buffer | undefined;
  if (si.digest && rangesOk) docDigest = digests.digest(si.digest, br!); // = the hash of ranges(), from the kept prefix state
  let content: Buffer | undefined; // what the CMS signs when there are no signed attributes
  let mdTarget: Buffer | undefined; // what the message digest must equal
  if (subFilter === 'adbe.pkcs7.sha1') {
    const sha1 = rangesOk ? createHash('sha1').update(Buffer.concat(ranges())).digest() : undefined;
    if (!cms.eContent || !sha1 || !cms.eContent.equals(sha1)) {
      rep.cms.messageDigestOk = false;
    }
    content = cms.eContent;
    mdTarget = cms.eContent && si.digest ? createHash(si.digest).update(cms.eContent).digest() : undefined;
  } else {
    if (cms.eContent && cms.eContent.length === 0) {
      findings.push(f('encapsulated-content', 'warning', 'Underskriften innehåller ett tomt inbäddat innehåll, vilket en fristående PDF-underskrift inte ska ha.', 'The detached signature carries an empty encapsulated content.'));
      content = rangesOk && !si.signedAttrs ? Buffer.concat(ranges()) : undefined;
      mdTarget = docDigest;
    } else if (cms.eContent) {
      findings.push(f('encapsulated-content', 'warning', 'Underskriften innehåller inbäddat innehåll, vilket en fristående PDF-underskrift inte ska ha.', 'The detached signature carries encapsulated content.'));
      content = cms.eContent;
      mdTarget = si.digest ? createHash(si.digest).update(cms.eContent).digest() : undefined;
      // The encapsulated content must itself be the document digest for the document to be bound.
      const bound = docDigest !== undefined && cms.eContent.equals(docDigest);
      if (!bound) rep.cms.messageDigestOk = false;
    } else {
      content = rangesOk && !si.signedAttrs ? Buffer.concat(ranges()) : undefined;
      mdTarget = docDigest;
    }
  }
  const md = si.attrs.get(OID.messageDigest)?.[0];
  if (si.signedAttrs) {
    if (rep.cms.messageDigestOk !== false) rep.cms.messageDigestOk = md && mdTarget ? md.value.equals(mdTarget) : false;
  } else if (rep.cms.messageDigestOk !== false) {
    rep.cms.messageDigestOk = null; // decided by the signature over the content itself
  }
  if (cert) {
    try {
      rep.cms.signatureOk = verifySignerSignature(si, cert, content);
    } catch (e) {
      rep.cms.signatureOk = false;
      findings.push(f('signature-algorithm-unsupported', 'error', 'Underskriftens algoritm stöds inte.', (e as Error).message));
    }
    if (!si.signedAttrs) rep.cms.messageDigestOk = rep.cms.signatureOk;
  } else {
    findings.push(f('signer-certificate-missing', 'indeterminate', 'Undertecknarens certifikat saknas i underskriften.', 'The signer certificate is not embedded.', 'NO_SIGNING_CERTIFICATE_FOUND'));
  }
  if (rep.cms.messageDigestOk === false) {
    findings.push(f('digest-mismatch', 'error', 'Dokumentet har ändrats: innehållet stämmer inte med det som undertecknades.', 'The message digest does not match the signed byte ranges.'));
  }
  if (rep.cms.signatureOk === false) {
    findings.push(f('signature-invalid', 'error', 'Den kryptografiska underskriften är ogiltig.', 'The CMS signature does not verify.'));
  }
  // PAdES baseline B-B attributes.
  const pades = rep.cms.pades;
  pades.contentType = si.attrs.has(OID.contentType);
  pades.messageDigest = !!md;
  pades.signingCertificateV2 = si.attrs.has(OID.signingCertificateV2);
  pades.noSigningTime = !si.attrs.has(OID.signingTime);
  pades.ok = pades.contentType && pades.messageDigest && pades.signingCertificateV2 && pades.noSigningTime && subFilter === 'ETSI.CAdES.detached';
  if (si.duplicateAttrs.length) findings.push(f('duplicate-attributes', 'error', 'Underskriften har dubbla signerade attribut.', `Duplicate signed attributes: ${si.duplicateAttrs.join(', ')}`));
  if (!si.signedAttrs) {
    findings.push(f('no-signed-attributes', 'warning', 'Underskriften saknar signerade attribut och uppfyller inte PAdES.', 'No signed attributes: not PAdES.'));
  } else if (!pades.ok) {
    const miss = [!pades.contentType && 'content-type', !pades.messageDigest && 'message-digest', !pades.signingCertificateV2 && 'signing-certificate-v2', !pades.noSigningTime && 'signing-time present', subFilter !== 'ETSI.CAdES.detached' && `SubFilter ${subFilter}`].filter(Boolean).join(', ');
    findings.push(f('not-pades-baseline', 'warning', `Underskriften uppfyller inte PAdES baslinje B-B (${miss}).`, `Not PAdES baseline B-B: ${miss}.`));
  }
  if (cert) {
    const sc = checkSigningCertificate(si, cert);
    rep.cms.signingCertificateMatches = sc.present === 'none' ? null : sc.matches;
    if (sc.present !== 'none' && !sc.matches) findings.push(f('signing-certificate-mismatch', 'error', 'Det signerade certifikatattributet pekar på ett annat certifikat än undertecknarens.', 'The signing-certificate attribute does not match the signer certificate.'));
  }
  // Timestamp on the signature.
  // The best signature time (ETSI): the signature time-stamp when it counts as proof of existence,
  // else the earliest valid document time-stamp covering the signature, else the validation time.
  const tst = si.unsignedAttrs.get(OID.timeStampToken)?.[0];
  const docProof = poe.proofFor(rep.revision);
  const control = docProof ?? now;
  let refTime = control;
  let refSource: 'timestamp' | 'document-timestamp' | 'validation-time' = docProof ? 'document-timestamp' : 'validation-time';
  if (tst) {
    const ts = verifyTimestampToken(tst.raw, si.signature, anchors, [...pool, ...dss.certs]);
    const expired = !!ts.chainNotAfter && ts.chainNotAfter < control;
    rep.timestamp = {
      time: ts.time?.toISOString(),
      verified: ts.imprintOk && ts.signatureOk,
      trusted: ts.trusted,
      authority: ts.tsaName,
      notAfter: ts.chainNotAfter?.toISOString(),
      controlTime: control.toISOString(),
      proofOfExistence: false,
    };
    if (!rep.timestamp.verified) findings.push(f('timestamp-invalid', 'error', 'Underskriftens tidsstämpel är ogiltig.', `The signature timestamp does not verify: ${ts.problems.join('; ')}`));
    else if (!ts.trusted) findings.push(f('timestamp-untrusted', 'warning', 'Tidsstämpeln kommer från en utfärdare som inte är betrodd; tidpunkten är inte bevisad.', 'The timestamp authority is not trusted.'));
    else if (expired) {
      findings.push(
        f(
          'timestamp-expired',
          'info',
          `Tidsstämpelenhetens certifikat gick ut ${swedishDate(ts.chainNotAfter!)}; tidsstämpeln bevisar inte längre signeringstiden.`,
          `The signature time-stamp's unit expired on ${ts.chainNotAfter!.toISOString()}; it no longer proves the signing time.`,
        ),
      );
    } else if (ts.time) {
      refTime = ts.time;
      refSource = 'timestamp';
      rep.timestamp.proofOfExistence = true;
    }
  }
  if (!cert) return rep;
  // Certificate path, validity, key usage, revocation.
  const chain = buildChain(cert, pool, anchors, refTime);
  const validAtRef = chain.expiredAt.length === 0;
  const crls: ParsedCrl[] = [...dss.crls];
  for (const c of cms.crls) {
    try {
      crls.push(parseCrl(c));
    } catch {
      /* ignored */
    }
  }
  const ocsps: ParsedOcsp[] = [...dss.ocsps];
  for (const o of cms.ocsps) {
    try {
      ocsps.push(parseOcsp(o));
    } catch {
      /* ignored */
    }
  }
  const arch = si.attrs.get(OID.adbeRevocation)?.[0];
  for (const part of arch?.children ?? []) {
    if (part.cls === 2 && (part.num === 0 || part.num === 1)) {
      for (const c of part.children[0]?.children ?? []) {
        try {
          if (part.num === 0) crls.push(parseCrl(c.raw));
          else ocsps.push(parseOcsp(c.raw));
        } catch {
          /* ignored */
        }
      }
    }
  }
  let rev = revocationFromCrls(cert, chain.path[1], crls, refTime);
  if (rev.status === 'unknown' && chain.path[1]) {
    const o = statusFromOcsp(cert, chain.path[1], ocsps, refTime);
    if (o) rev = { status: o.status, revokedAt: o.revokedAt, source: 'OCSP' };
  } else if (rev.status === 'good' && chain.path[1]) {
    const o = statusFromOcsp(cert, chain.path[1], ocsps, refTime);
    if (o?.status === 'revoked') rev = { status: 'revoked', revokedAt: o.revokedAt, source: 'OCSP' };
  }
  const ku = cert.keyUsage;
  const keyUsageOk = !ku || ku.digitalSignature || ku.nonRepudiation;
  rep.certificate = {
    chainTrusted: chain.trusted,
    path: chain.path.map((c) => c.subject.text),
    referenceTime: refTime.toISOString(),
    referenceTimeSource: refSource,
    validAtReferenceTime: validAtRef,
    keyUsageOk,
    revocation: { status: rev.status, source: rev.source, revokedAt: rev.revokedAt?.toISOString(), note: rev.note },
  };
  rep.identification = identificationOf(cert, chain.trusted);
  if (!chain.trusted) {
    findings.push(f('untrusted-chain', 'indeterminate', 'Undertecknarens certifikat kan inte kedjas till en betrodd utfärdare (rotcertifikatet saknas bland de betrodda).', `No path to a trust anchor: ${chain.problems.join('; ') || 'no anchor matches'}.`, 'NO_CERTIFICATE_CHAIN_FOUND'));
  }
  for (const p of chain.problems.filter((x) => /CA certificate/.test(x))) findings.push(f('chain-not-ca', 'error', 'Ett certifikat i kedjan är inte ett utfärdarcertifikat.', p));
  if (!validAtRef) {
    // refTime is an upper bound of the signing time (the signature provably existed then, or we are
    // judging at the validation time). Before a certificate's notBefore: the signature was made with a
    // certificate not yet valid (TOTAL-FAILED). After a notAfter: nothing proves it was made before the
    // expiry (ETSI INDETERMINATE / OUT_OF_BOUNDS_NO_POE), whatever /M claims.
    const early = chain.path.some((c) => refTime < c.notBefore);
    if (early) {
      findings.push(f('certificate-not-valid', 'error', 'Certifikatet var inte giltigt ännu när underskriften gjordes.', `A certificate in the path was not yet valid at ${refTime.toISOString()}.`, 'NOT_YET_VALID'));
    } else {
      const expiredOn = new Date(Math.min(...chain.expiredAt.map((c) => c.notAfter.getTime())));
      findings.push(
        f(
          'certificate-expired-no-poe',
          'indeterminate',
          `Certifikatet gick ut ${swedishDate(expiredOn)}, och filen innehåller inget bevis (giltig tidsstämpel) för att underskriften gjordes dessförinnan.`,
          `The certificate expired on ${expiredOn.toISOString()} and the file holds no proof of existence (a valid time-stamp) that the signature was made before.`,
          'OUT_OF_BOUNDS_NO_POE',
        ),
      );
    }
  }
  if (!keyUsageOk) findings.push(f('key-usage', 'indeterminate', 'Certifikatet får inte användas för underskrifter (nyckelanvändning).', 'The key usage allows neither digitalSignature nor nonRepudiation.', 'CHAIN_CONSTRAINTS_FAILURE'));
  if (rev.status === 'revoked') {
    const before = rev.revokedAt && rev.revokedAt <= refTime;
    if (before || refSource === 'validation-time') findings.push(f('revoked', 'error', 'Undertecknarens certifikat är återkallat.', `The signer certificate is revoked (${rev.revokedAt?.toISOString() ?? 'unknown date'}).`));
    else findings.push(f('revoked-later', 'warning', 'Certifikatet återkallades efter den tidsstämplade signeringstiden.', 'The certificate was revoked after the timestamped signing time.'));
  } else if (rev.status === 'unknown' && chain.trusted) {
    findings.push(f('revocation-unknown', 'warning', 'Det går inte att avgöra om certifikatet är återkallat (ingen spärrlista finns i dokumentet).', `Revocation status unknown: ${rev.note ?? ''}.`));
  }
  return rep;
}

function svReasons(b: ByteRangeReport, br: number[]): string {
  const r: string[] = [];
  if (br.length !== 4) r.push(`${br.length} tal i stället för 4`);
  if (!b.startsAtZero) r.push('börjar inte vid byte 0');
  if (!b.noOverlap) r.push('intervallen överlappar eller går utanför filen');
  if (br.length === 4 && !b.gapIsContents) r.push('luckan är inte exakt underskriftens /Contents');
  return r.join(', ');
}

function signerOf(c: CertInfo): SignatureReport['signer'] {
  const s = c.subject;
  const name = s.commonName ?? ([s.givenName, s.surname].filter(Boolean).join(' ') || undefined);
  return {
    name,
    role: s.title,
    organisation: s.organization,
    organisationalUnit: s.organizationalUnit,
    email: s.email,
    subject: s.text,
    issuer: c.issuer.text,
    serialNumber: c.serialHex,
    certificateSha256: c.sha256.toString('hex'),
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
  };
}

/** "underskriften är giltig", "alla 4 underskrifter och 2 dokumenttidsstämplar är giltiga". */
function allValidSv(signatures: number, timestamps: number): string {
  if (timestamps === 0) return signatures === 1 ? 'underskriften är giltig' : `alla ${signatures} underskrifter är giltiga`;
  const sig = signatures === 1 ? 'underskriften' : `alla ${signatures} underskrifter`;
  const ts = timestamps === 1 ? 'dokumenttidsstämpeln' : `${timestamps} dokumenttidsstämplar`;
  return `${sig} och ${ts} är giltiga`;
}

function allValidEn(signatures: number, timestamps: number): string {
  const sig = signatures === 1 ? 'the signature' : `all ${signatures} signatures`;
  if (timestamps === 0) return `${sig} ${signatures === 1 ? 'is' : 'are'} valid`;
  return `${sig} and ${timestamps === 1 ? 'the document time-stamp' : `${timestamps} document time-stamps`} are valid`;
}

function summarize(report: ValidationReport, verdict: Verdict): ValidationReport {
  // Move attacks gathered per signature to the report.
  for (const s of report.signatures) {
    const pend = (s as SignatureReport & { _attacks?: AttackFinding[] })._attacks;
    if (pend) {
      for (const a of pend) addAttack(report, a.name, a.field, a.sv, a.en);
      delete (s as SignatureReport & { _attacks?: AttackFinding[] })._attacks;
    }
  }
  if (report.attacks.length && (verdict === 'GILTIG' || verdict === 'GILTIG MED ANMÄRKNING')) verdict = 'OGILTIG';
  report.verdict = verdict;
  const n = report.signatures.filter((s) => s.kind !== 'document-timestamp').length;
  // The result page and the report list the document time-stamps beside the signatures: count both,
  // so "alla 4" never stands above a list of six.
  const t = report.signatures.length - n;
  const errors = [...report.findings, ...report.signatures.flatMap((s) => s.findings)].filter((x) => x.severity === 'error');
  const warnings = [...report.findings, ...report.signatures.flatMap((s) => s.findings)].filter((x) => x.severity === 'warning');
  const uniq = (xs: string[]): string[] => [...new Set(xs)];
  report.etsi = etsiOfVerdict(report, verdict);
  const later = laterChanges(report);
  switch (verdict) {
    case 'GILTIG':
      report.summary = {
        sv: `Dokumentet är äkta och ${allValidSv(n, t)}. ${later.sv}`.trim(),
        en: `The document is genuine and ${allValidEn(n, t)}. ${later.en}`.trim(),
      };
      break;
    case 'GILTIG MED ANMÄRKNING':
      report.summary = {
        sv: `Underskrifterna är giltiga. ${later.sv} Men: ${uniq(warnings.map((w) => w.sv)).slice(0, 4).join(' ')}`,
        en: `The signatures are valid. ${later.en} But: ${uniq(warnings.map((w) => w.en)).slice(0, 4).join(' ')}`,
      };
      break;
    case 'KAN INTE AVGÖRAS': {
      const ind = [...report.findings, ...report.signatures.flatMap((s) => s.findings)].filter((x) => x.severity === 'indeterminate');
      report.summary = {
        sv: `Det går inte att avgöra om underskrifterna är giltiga med det som filen innehåller. ${uniq(ind.map((e) => e.sv)).slice(0, 3).join(' ')}`,
        en: `Whether the signatures are valid cannot be determined from what the file holds. ${uniq(ind.map((e) => e.en)).slice(0, 3).join(' ')}`,
      };
      break;
    }
    case 'OGILTIG':
      report.summary = {
        sv: `Dokumentet kan inte godtas som justerat. ${uniq([...report.attacks.map((a) => `${a.title.sv}: ${a.sv}`), ...errors.filter((e) => !report.attacks.some((a) => a.sv === e.sv)).map((e) => e.sv)]).slice(0, 4).join(' ')}`,
        en: `The document cannot be accepted. ${uniq([...report.attacks.map((a) => `${a.title.en}: ${a.en}`), ...errors.filter((e) => !report.attacks.some((a) => a.en === e.en)).map((e) => e.en)]).slice(0, 4).join(' ')}`,
      };
      break;
    case 'EJ SIGNERAD':
      report.summary = { sv: 'Dokumentet innehåller inga elektroniska underskrifter.', en: 'The document contains no electronic signatures.' };
      break;
    case 'KAN INTE LÄSAS':
      report.summary = {
        sv: `Filen kan inte kontrolleras. ${uniq(errors.map((e) => e.sv)).slice(0, 2).join(' ')}`,
        en: `The file cannot be validated. ${uniq(errors.map((e) => e.en)).slice(0, 2).join(' ')}`,
      };
      break;
  }
  return report;
}

/** The report's ETSI EN 319 102-1 indication, from the verdict and the first deciding finding. */
function etsiOfVerdict(report: ValidationReport, verdict: Verdict): EtsiResult | null {
  const all = [...report.signatures.flatMap((s) => s.findings), ...report.findings];
  switch (verdict) {
    case 'GILTIG':
    case 'GILTIG MED ANMÄRKNING':
      return { indication: 'TOTAL-PASSED' };
    case 'KAN INTE AVGÖRAS':
      return { indication: 'INDETERMINATE', subIndication: all.find((x) => x.severity === 'indeterminate')?.etsi ?? 'GENERIC' };
    case 'OGILTIG': {
      const failed = report.signatures.find((s) => s.etsi.indication === 'TOTAL-FAILED');
      if (failed?.etsi.subIndication) return failed.etsi;
      const err = all.find((x) => x.severity === 'error');
      return { indication: 'TOTAL-FAILED', subIndication: err?.etsi ?? (err && ERROR_SUB[err.code]) ?? 'FORMAT_FAILURE' };
    }
    case 'EJ SIGNERAD':
      return null;
    case 'KAN INTE LÄSAS': {
      const limit = all.some((x) => x.code === 'too-large' || /DEADLINE|LIMIT/.test(x.code));
      return limit ? { indication: 'INDETERMINATE', subIndication: 'GENERIC' } : { indication: 'TOTAL-FAILED', subIndication: 'FORMAT_FAILURE' };
    }
  }
}

/**
 * The Swedish names of the form fields Justera's protocols carry (libs/pdf ANSLAG_FIELDS, the ANSLAG
 * block's labels), so the summary reads "datum för anslags uppsättande" rather than only the field's
 * technical name. Written out here, not imported: the validator stays independent of the renderer.
 */
const FIELD_LABEL_SV: Record<string, string> = {
  'anslag.uppsattande': 'datum för anslags uppsättande',
  'anslag.nedtagande': 'datum för anslags nedtagande',
  'anslag.sistaDagOverklagande': 'sista dag att överklaga',
};

/** One sentence on what the revisions after the first signature did (all of it allowed, or the verdict would differ). */
function laterChanges(report: ValidationReport): { sv: string; en: string } {
  const sigs = report.signatures.filter((s) => s.kind !== 'document-timestamp' && s.revision !== null);
  if (!sigs.length) return { sv: '', en: '' };
  const first = sigs[0]!;
  const lastSig = sigs[sigs.length - 1]!;
  const allowed = first.changesAfter.flatMap((c) => c.allowed);
  const filled = [...new Set(allowed.filter((x) => x.en.startsWith('form field ')).map((x) => /"([^"]*)"/.exec(x.en)?.[1] ?? ''))].filter(Boolean);
  const metadata = allowed.some((x) => /document information|XMP metadata/.test(x.en) && !/unchanged/.test(x.en));
  const docTs = report.signatures.filter((s) => s.kind === 'document-timestamp' && (s.revision ?? 0) > (lastSig.revision ?? 0)).length;
  const dss = allowed.some((x) => x.category === 'allowed' && /DSS|validation data/i.test(x.en));
  const sv: string[] = [];
  const en: string[] = [];
  if (sigs.length > 1) {
    sv.push(`${sigs.length - 1} ${sigs.length - 1 === 1 ? 'underskrift' : 'underskrifter'}`);
    en.push(`${sigs.length - 1} signature${sigs.length - 1 === 1 ? '' : 's'}`);
  }
  if (filled.length) {
    const named = filled.map((f) => (FIELD_LABEL_SV[f] ? `${FIELD_LABEL_SV[f]} [${f}]` : f));
    sv.push(`ifyllda formulärfält (${named.join(', ')}; tillåtet av certifieringen)`);
    en.push(`filled-in form fields (${filled.join(', ')}; permitted by the certification)`);
  }
  if (metadata) {
    sv.push('ändrad dokumentinformation (metadata)');
    en.push('changed document information (metadata)');
  }
  if (dss || docTs) {
    sv.push('valideringsdata och tidsstämplar för långtidsbevarande');
    en.push('validation data and time-stamps for long-term preservation');
  }
  if (!first.changesAfter.length) return { sv: 'Dokumentet är oförändrat sedan det undertecknades.', en: 'The document is unchanged since it was signed.' };
  if (!filled.length && !metadata) {
    return {
      sv: `Innehållet är oförändrat sedan den första underskriften; senare revisioner lägger bara till ${sv.join(' och ')}.`,
      en: `The content is unchanged since the first signature; later revisions only add ${en.join(' and ')}.`,
    };
  }
  return {
    sv: `Efter den första underskriften har dokumentet ändrats på tillåtna sätt: ${sv.join(', ')}.`,
    en: `After the first signature the document was changed in permitted ways: ${en.join(', ')}.`,
  };
}
