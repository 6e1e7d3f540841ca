import type { ObjectChange } from './changes';

/** The overall verdict, in Swedish as shown to users. */
export type Verdict = 'GILTIG' | 'GILTIG MED ANMÄRKNING' | 'OGILTIG' | 'EJ SIGNERAD' | 'KAN INTE LÄSAS';

export type Severity = 'error' | 'warning' | 'info';

/** One observation, in Swedish (for users) and English (for engineers). `code` is stable. */
export interface Finding {
  code: string;
  severity: Severity;
  sv: string;
  en: string;
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
  referenceTimeSource: 'timestamp' | 'validation-time';
  validAtReferenceTime: boolean;
  keyUsageOk: boolean;
  revocation: { status: 'good' | 'revoked' | 'unknown'; source?: string; revokedAt?: string; note?: string };
}

export interface TimestampReport {
  time?: string;
  verified: boolean;
  trusted: boolean;
  authority?: string;
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
  /** DocMDP permission for a certification signature. */
  docMdpP?: number;
  changesAfter: ChangesAfterReport[];
  status: 'valid' | 'valid-with-remarks' | 'invalid';
  findings: Finding[];
}

export interface ValidationReport {
  schema: 'justera.validation/1';
  validatedAt: string;
  verdict: Verdict;
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
