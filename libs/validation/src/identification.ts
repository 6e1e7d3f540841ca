/**
 * The identity level of a signature as its signer certificate states it (docs/identity.md, docs/validation.md
 * "Identity level"): Justera writes a certificate policy into every one-use signer certificate —
 * identified by the mailed link, or by an e-legitimation after it — with the appearance's line as the
 * policy's user notice. This reads it back; it is the issuer's statement, bound to the signature by the
 * signing-certificate attribute, and counts only when the certificate chains to a trust anchor.
 */
import { IDENTIFICATION_POLICY_OIDS } from './oids';
import type { IdentificationReport } from './report';
import type { CertInfo } from './x509';

const PROVIDER = /^Identifierad med e-legitimation \((.+)\)$/;

export function identificationOf(cert: CertInfo, trusted: boolean): IdentificationReport | null {
  const found = (cert.policies ?? []).filter((p) => IDENTIFICATION_POLICY_OIDS[p.oid]);
  // None, or two that contradict each other: the certificate states no level.
  const levels = new Set(found.map((p) => IDENTIFICATION_POLICY_OIDS[p.oid]));
  if (found.length === 0 || levels.size !== 1) return null;
  const p = found[0]!;
  const level = IDENTIFICATION_POLICY_OIDS[p.oid]!;
  const statement = p.notice ?? null;
  const name = cert.subject.commonName ?? null;
  return {
    level,
    policy: p.oid,
    statement,
    provider: level === 'e-legitimation' ? (PROVIDER.exec(statement ?? '')?.[1] ?? null) : null,
    verifiedName: level === 'e-legitimation' ? name : null,
    statedBy: cert.issuer.commonName ?? cert.issuer.text,
    trusted,
  };
}

/**
 * The identity level in one Swedish sentence part, for the reports: "E-legitimation (BankID), verifierat
 * namn Per Lind" or "Personlig länk via e-post (ingen e-legitimation)"; null when the certificate does
 * not state it.
 */
export function identificationSv(i: IdentificationReport | null | undefined): string | null {
  if (!i) return null;
  const what =
    i.level === 'e-legitimation'
      ? `E-legitimation${i.provider ? ` (${i.provider})` : ''}${i.verifiedName ? `, verifierat namn ${i.verifiedName}` : ''}`
      : 'Personlig länk via e-post (ingen e-legitimation)';
  return `${what} – enligt certifikatet från ${i.statedBy}${i.trusted ? '' : ', som inte är betrott: uppgiften är inte styrkt'}`;
}
