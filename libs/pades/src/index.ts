/**
 * @justera/pades: certificates, CMS (CAdES detached), RFC 3161 time-stamps, CRLs and incremental
 * PAdES signing of PDFs (B-B, B-T, B-LT with /DSS, B-LTA with a document time-stamp), plus the
 * organisation seal. Pure TypeScript: node:crypto, node-forge ASN.1 and @justera/pdf-reader.
 */
export {
  caChain,
  certificateFromPem,
  certificateToPem,
  createDevelopmentCa,
  IDENTIFICATION_POLICY,
  issueSealCertificate,
  issueSignerCertificate,
  issueTsaCertificate,
  loadCaFromPkcs12,
  parseCertificate,
  type CertificateAuthority,
  type CertifiedKey,
  type DevelopmentCaOptions,
  type Signer,
  type SignerCertificateOptions,
} from './crypto/certificates';
export { decryptCaBundle, encryptCaBundle } from './crypto/bundle';
export { generateRsaKeyAsync, RsaKeyPool } from './crypto/key-pool';
export { createCrl, crlToPem, dssDataFor, type RevokedCertificate } from './crypto/crl';
export { buildCadesDetached, type CadesOptions, type TimestampAuthority } from './crypto/cms';
export { LOCAL_TSA_POLICY, LocalTimestampAuthority } from './crypto/local-tsa';
export {
  addLta,
  archiveStatus,
  cmsCertificates,
  embeddedTimestamps,
  renewArchive,
  signatureTimestampTokens,
  timestampCertificates,
  type ArchiveRenewal,
  type ArchiveStatus,
  type EmbeddedTimestamp,
  type RenewalTsa,
} from './pdf/lta';
export { parseTimestampToken, TsaClient, TsaError, type TsaClientOptions, type TstInfo } from './crypto/tsa';
export { formatStockholm, signatureAppearanceLines, type SignatureLinesInput } from './pdf/appearance';
export {
  addDocumentTimestamp,
  addDocumentTimestampFile,
  addDss,
  addDssFile,
  addSignatureFields,
  pdfDate,
  sealPdf,
  sealPdfFile,
  signPdfField,
  signPdfFieldFile,
  type DssData,
  type SealOptions,
  type SignFieldOptions,
} from './pdf/sign';
export { fillFields, fillFieldsAndSeal, fillFieldsAndSealFile, type FillAndSealOptions } from './pdf/fill';
export { PdfUpdateError } from './pdf/revision';
export { decryptSignerBundle, encryptSignerBundle } from './crypto/bundle';
export { loadSignerFromPkcs12 } from './crypto/certificates';
export {
  DEFAULT_DEV_CRL_URL,
  KeystoreError,
  loadCertificateAuthority,
  loadOrganisationSeal,
  loadTimestampUnit,
  organisationSeal,
  SEAL_RENEW_BEFORE_MS,
  TSU_ROTATE_BEFORE_MS,
  TSU_VALIDITY_MS,
  type KeystoreEnv,
  type LoadedCa,
  type SealOrganisation,
} from './keystore';
/**
 * @deprecated The positioned-read PDF reader moved to @justera/pdf-reader (`PositionedPdfReader`,
 * `PdfReadError`, `PdfSource`); these names stay for callers of the earlier API.
 */
export { PositionedPdfReader as FileLocator, PdfReadError as LocateError, type PdfSource } from '@justera/pdf-reader';
