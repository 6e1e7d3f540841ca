export { validatePdf, parsePdfDate } from './validate';
export type { ValidateOptions } from './validate';
export type {
  AttackFinding,
  AttackName,
  ByteRangeReport,
  CertificateReport,
  ChangesAfterReport,
  CmsReport,
  Coverage,
  EtsiIndication,
  EtsiResult,
  EtsiSubIndication,
  Finding,
  IdentificationReport,
  Severity,
  SignatureReport,
  SignerInfoReport,
  TimestampReport,
  ValidationReport,
  Verdict,
} from './report';
export type { ObjectChange, ChangeCategory } from './changes';
export { identificationSv } from './identification';
export { renderJson, renderHtml, renderText, verdictClass, STATUS_SV as SIGNATURE_STATUS_SV } from './render';
export type { RenderHtmlOptions } from './render';
export { fuzzValidation, fuzzCase, fuzzFixtures } from './fuzz';
export type { FuzzOptions, FuzzResult, FuzzFailure } from './fuzz';
/** Test helpers for specs, the fuzzer and benchmarks (not for production code). */
export * as testing from './testing/index';
