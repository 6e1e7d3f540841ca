import type { ObjectChange } from './changes';

/** The overall verdict, in Swedish as shown to users. */
export type Verdict = 'GILTIG' | 'GILTIG MED ANMÄRKNING' | 'KAN INTE AVGÖRAS' | 'OGILTIG' | 'EJ SIGNERAD' | 'KAN INTE LÄSAS';

/**
 * error → OGILTIG (ETSI TOTAL-FAILED), indeterminate → KAN INTE AVGÖRAS (ETSI INDETERMINATE),
 * warning → GILTIG MED ANMÄRKNING, info → nothing.
 */
export type Severity = 'error' | 'indeterminate' | 'warning' | 'info';

/** ETSI EN 319 102-1 main status indication (section 5.1.3). */
export type EtsiIndication = 'TOTAL-PASSED' | 'INDETERMINATE' | 'TOTAL-FAILED';

/** The ETSI EN 319 102-1 sub-indications Justera reports (Table 5). */
export type EtsiSubIndication =
  | 'FORMAT_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'REVOKED'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'SIG_CONSTRAINTS_FAILURE'
  | 'CHAIN_CONSTRAINTS_FAILURE'
  | 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'OUT_OF_BOUNDS_NO_POE'
  | 'NO_POE'
  | 'TRY_LATER'
  | 'GENERIC';

export interface EtsiResult {
  indication: EtsiIndication;
  subIndication?: EtsiSubIndication;
}

/** One observation, in Swedish (for users) and English (for engineers). `code` is stable. */
export interface Finding {
  code: string;
  severity: Severity;
  sv: string;
  en: string;
  /** The ETSI sub-indication this finding stands for (errors and indeterminate findings). */
  etsi?: EtsiSubIndication;
}

export type AttackName = 'universal-signature-forgery' | 'incremental-saving-attack' | 'signature-wrapping' | 'shadow-attack';

export interface AttackFinding {
  name: AttackName;
  /** Swedish and English display names of the attack. */
  title: { sv: string; en: string };
  /** The signature field concerned, when one is. */
  field?: string;
  sv: string;
  en: string;
}

export type Coverage = 'whole-file' | 'whole-revision' | 'suspicious';

export interface SignerInfoReport {
  name?: string;
  /** The certificate's title attribute (e.g. "Ordförande"). */
  role?: string;
  organisation?: string;
  organisationalUnit?: string;
  email?: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  certificateSha256: string;
  notBefore: string;
  notAfter: string;
}

export interface ByteRangeReport {
  values: number[] | null;
  startsAtZero: boolean;
  gapIsContents: boolean;
  noOverlap: boolean;
  endsAtRevisionEnd: boolean;
  ok: boolean;
}

export interface CmsReport {
  parsed: boolean;
  digestAlgorithm?: string;
  signatureAlgorithm?: string;
  /** The signed message digest (or timestamp imprint) equals the hash of the byte ranges. Null when not computed. */
  messageDigestOk: boolean | null;
  /** The signature verifies over the signed attributes (or content). */
  signatureOk: boolean | null;
  pades: { contentType: boolean; messageDigest: boolean; signingCertificateV2: boolean; noSigningTime: boolean; ok: boolean };
  signingCertificateMatches: boolean | null;
  subFilterOk: boolean;
}

export interface CertificateReport {
  chainTrusted: boolean;
  /** Subjects from signer to anchor. */
  path: string[];
  /** The time certificates were checked at (ISO) and where it came from. */
  referenceTime: string;
  /**
   * timestamp: the signature time-stamp (proof the signature existed then); document-timestamp: the
   * earliest valid document time-stamp covering the signature; validation-time: no proof of existence.
   */
  referenceTimeSource: 'timestamp' | 'document-timestamp' | 'validation-time';
  validAtReferenceTime: boolean;
  keyUsageOk: boolean;
  revocation: { status: 'good' | 'revoked' | 'unknown'; source?: string; revokedAt?: string; note?: string };
}

/**
 * How the signer was identified, as the signer certificate states it (Justera's identification policy,
 * docs/validation.md "Identity level"). A statement of the certificate's issuer (the organisation's
 * Justera CA), proven to be part of the signature; not a statement of the identity provider.
 */
export interface IdentificationReport {
  /** e-legitimation: an e-legitimation after the mailed link; e-postlank: the mailed link alone. */
  level: 'e-legitimation' | 'e-postlank';
  /** The policy OID it was read from. */
  policy: string;
  /** The certificate's notice, e.g. "Identifierad med e-legitimation (BankID)". */
  statement: string | null;
  /** The identity provider's label, from the notice (e-legitimation only). */
  provider: string | null;
  /** The name the e-legitimation verified: the certificate's CN (e-legitimation only). */
  verifiedName: string | null;
  /** Who states it: the signer certificate's issuer. */
  statedBy: string;
  /** The certificate chains to a trust anchor: only then is the statement the organisation's. */
  trusted: boolean;
}

export interface TimestampReport {
  time?: string;
  verified: boolean;
  trusted: boolean;
  authority?: string;
  /** The earliest notAfter in the time-stamping unit's certificate path. */
  notAfter?: string;
  /** The time the token must still be valid at: the validation time, or a later valid document time-stamp. */
  controlTime?: string;
  /** Verified, trusted and its unit's path valid at `controlTime`: the token is proof of existence. */
  proofOfExistence?: boolean;
}

export interface ChangesAfterReport {
  /** 1-based revision number. */
  revision: number;
  allowed: ObjectChange[];
  notAllowed: ObjectChange[];
}

export interface SignatureReport {
  field: string;
  kind: 'signature' | 'certification' | 'document-timestamp';
  subFilter?: string;
  signer?: SignerInfoReport;
  /** /M as ISO (the signer's own claim). */
  claimedSigningTime?: string;
  timestamp?: TimestampReport;
  /** 1-based number of the revision the signature covers, null when none. */
  revision: number | null;
  coverage: Coverage;
  coverageReason?: string;
  byteRange: ByteRangeReport;
  cms: CmsReport;
  certificate?: CertificateReport;
  /** How the signer was identified, when the signer certificate states it (null: it does not). */
  identification?: IdentificationReport | null;
  /** DocMDP permission for a certification signature. */
  docMdpP?: number;
  changesAfter: ChangesAfterReport[];
  status: 'valid' | 'valid-with-remarks' | 'indeterminate' | 'invalid';
  /** ETSI EN 319 102-1 indication of this signature or time-stamp. */
  etsi: EtsiResult;
  findings: Finding[];
}

export interface ValidationReport {
  schema: 'justera.validation/1';
  /** The time the document was judged at (now, or the chosen `at`). */
  validatedAt: string;
  verdict: Verdict;
  /** The verdict as an ETSI EN 319 102-1 indication (null for EJ SIGNERAD: nothing to validate). */
  etsi: EtsiResult | null;
  summary: { sv: string; en: string };
  document: {
    sha256: string;
    size: number;
    revisions: number;
    encrypted: boolean;
    pdfVersion?: string;
    xrefRecovered: boolean;
    structureWarnings: string[];
  };
  signatures: SignatureReport[];
  attacks: AttackFinding[];
  findings: Finding[];
  /** Whatever the `knownDocument` hook returned for the SHA-256 (absent when no hook). */
  knownDocument?: unknown;
  durationMs: number;
}

export const ATTACK_TITLES: Record<AttackName, { sv: string; en: string }> = {
  'universal-signature-forgery': { sv: 'Universell underskriftsförfalskning (USF)', en: 'Universal signature forgery (USF)' },
  'incremental-saving-attack': { sv: 'Inkrementell sparattack (ISA)', en: 'Incremental saving attack (ISA)' },
  'signature-wrapping': { sv: 'Underskriftsomslagning (SWA)', en: 'Signature wrapping attack (SWA)' },
  'shadow-attack': { sv: 'Skuggattack (dölj/ersätt innehåll)', en: 'Shadow attack (hide/replace content)' },
};
