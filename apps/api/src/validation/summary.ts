import { formatDateTimeSv, roleSv } from '@justera/sv';
import { identificationSv, SIGNATURE_STATUS_SV, type SignatureReport, type ValidationReport } from '@justera/validation';
import type { KnownInReport } from './validation.service';

/** One line of "who signed what and when" at the top of an uploaded file's report on /validera. */
export interface SignatureLine {
  /** 1-based, as numbered in the details ("Underskrift 2"). */
  number: number;
  kind: SignatureReport['kind'];
  /** "Thomas Norgren, sekreterare" (Justera's record), else the certificate's name and title. */
  who: string;
  /** The name and role (or the certificate's title) apart; role '' when there is none. */
  name: string;
  role: string;
  /** When, in Swedish time, and what proves it; null when the file says nothing. */
  when: { iso: string; text: string; proof: string } | null;
  /** The signature's own status in Swedish ("giltig", "ogiltig", …). */
  status: string;
  invalid: boolean;
  /** What the signature covers, in a sentence. */
  covers: string;
  /**
   * How the signer was identified (docs/validation.md, "Identity level"): as the signer certificate
   * states it (source 'certificate'), else, for a signature paired with Justera's record, as that
   * record says (source 'justera': not in the signature); null for time-stamps and unknown signatures.
   */
  identification: { text: string; source: 'certificate' | 'justera' } | null;
}

/** "Sekreterare" (a certificate's title) in running text. */
const lower = (s: string) => (s ? s.charAt(0).toLocaleLowerCase('sv-SE') + s.slice(1) : s);

function signer(s: SignatureReport, index: number, known: KnownInReport | null): { name: string; role: string } {
  const mine = known?.signatures?.find((k) => k.index === index);
  if (mine) return { name: mine.name, role: roleSv(mine.role) };
  return { name: s.signer?.name ?? 'okänd undertecknare', role: s.signer?.role ? lower(s.signer.role) : '' };
}

function identification(s: SignatureReport, index: number, known: KnownInReport | null): SignatureLine['identification'] {
  if (s.kind === 'document-timestamp') return null;
  const stated = identificationSv(s.identification);
  if (stated) return { text: stated, source: 'certificate' };
  // A signature made before the certificates stated it: Justera's record of the approval, when paired.
  const mine = known?.signatures?.find((k) => k.index === index);
  const record = mine && known?.signers.find((k) => k.transactionId === mine.transactionId);
  if (!record?.identityLevel) return null;
  const what =
    record.identityLevel === 'e-legitimation' && record.identifiedSv
      ? record.identifiedSv.charAt(0).toUpperCase() + record.identifiedSv.slice(1)
      : record.identityLevel === 'e-legitimation'
        ? 'E-legitimation'
        : 'Personlig länk via e-post (ingen e-legitimation)';
  return { text: `${what} – enligt Justeras register, inte angivet i underskriftens certifikat`, source: 'justera' };
}

function when(s: SignatureReport): SignatureLine['when'] {
  const ts = s.timestamp;
  if (ts?.time && ts.verified && ts.trusted) return { iso: ts.time, text: formatDateTimeSv(ts.time), proof: 'styrkt av en tidsstämpel' };
  if (ts?.time && s.kind === 'document-timestamp')
    return { iso: ts.time, text: formatDateTimeSv(ts.time), proof: 'tidsstämpeln kunde inte styrkas' };
  if (s.claimedSigningTime)
    return { iso: s.claimedSigningTime, text: formatDateTimeSv(s.claimedSigningTime), proof: 'enligt underskriften, inte styrkt' };
  return null;
}

function covers(s: SignatureReport, revisions: number): string {
  if (s.coverage === 'suspicious') return 'Misstänkt täckning: underskriften täcker inte det den ska (se detaljerna).';
  if (s.coverage === 'whole-file')
    return s.kind === 'document-timestamp' ? 'Hela filen.' : 'Hela filen: inget har lagts till efter underskriften.';
  const bad = s.changesAfter.reduce((n, c) => n + c.notAllowed.length, 0);
  const upTo = `Filen till och med revision ${s.revision ?? '–'} av ${revisions}`;
  return bad
    ? `${upTo}; efter underskriften har filen ändrats på otillåtna sätt (${bad} ändringar, se detaljerna).`
    : `${upTo}; det som lagts till efter underskriften är tillåtet.`;
}

/** Each signature and time-stamp of the file: who, when, its status and what it covers. */
export function signatureLines(report: ValidationReport, known: KnownInReport | null): SignatureLine[] {
  return report.signatures.map((s, i) => {
    const { name, role } = signer(s, i, known);
    return {
      number: i + 1,
      kind: s.kind,
      who: role ? `${name}, ${role}` : name,
      name,
      role,
      when: when(s),
      status: SIGNATURE_STATUS_SV[s.status],
      invalid: s.status === 'invalid',
      covers: covers(s, report.document.revisions),
      identification: identification(s, i, known),
    };
  });
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What the file's revisions are, for an auditor ("Vad underskrifterna täcker"): the original file, one
 * revision per signature and per document time-stamp, and any other addition (validation data). Said
 * generally when the signatures' revisions do not add up to the file's count.
 */
export function revisionsSv(report: ValidationReport): string {
  const n = report.document.revisions;
  const head = `Filen har ${count(n, 'revision', 'revisioner')}`;
  const placed = report.signatures.filter((s) => s.revision !== null);
  if (!placed.length) return `${head}.`;
  const how =
    'En PDF-fil som signeras skrivs inte om: varje underskrift, tidsstämpel och annat tillägg läggs till i slutet av filen som en ny revision.';
  const revisions = new Set(placed.map((s) => s.revision));
  const original = revisions.has(1) ? 0 : 1;
  const other = n - revisions.size - original;
  if (revisions.size !== placed.length || other < 0) return `${head}. ${how}`;
  const stamps = placed.filter((s) => s.kind === 'document-timestamp').length;
  const parts = [
    original ? 'den ursprungliga filen' : '',
    count(placed.length - stamps, 'underskrift', 'underskrifter'),
    stamps ? count(stamps, 'dokumenttidsstämpel', 'dokumenttidsstämplar') : '',
    other ? `${count(other, 'tillägg', 'tillägg')} utan egen underskrift (till exempel valideringsdata)` : '',
  ].filter((p) => p && !p.startsWith('0 '));
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} och ${parts[parts.length - 1]}` : parts[0];
  return `${head}: ${list}. ${how}`;
}
