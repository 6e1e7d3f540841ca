/** Test helpers (signed-PDF builder and a test PKI) shared by specs, the fuzzer and the benchmark. Not for production use. */
export { appendRevision, basePdf, serialize, signPdf } from './pdf';
export type { SignOptions } from './pdf';
export { deterministicPki, keyFromSeed, makeCert, makeCms, makeCrl, makeOcsp, makeTimestampToken, testPki } from './pki';
export type { TestCert, TestKey, TestPki } from './pki';
