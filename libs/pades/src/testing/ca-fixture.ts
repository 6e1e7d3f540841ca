/** A development CA shared by one test file (2048-bit keys to keep tests fast). */
import { createDevelopmentCa, issueSignerCertificate, type CertificateAuthority, type Signer } from '../crypto/certificates';

export const TEST_NOW = new Date('2025-03-05T09:00:00Z');

export function testCa(crlUrl = 'http://127.0.0.1:9/issuing.crl'): CertificateAuthority {
  return createDevelopmentCa({ organisation: 'Exempelkommunen', now: TEST_NOW, crlUrl, rootCrlUrl: crlUrl.replace(/[^/]*$/, 'root.crl'), keyBits: 2048 });
}

export function testSigner(ca: CertificateAuthority, name: string, role: string, now = TEST_NOW): Signer {
  return issueSignerCertificate(ca, { name, role, organisation: ca.organisation, now, validity: 3650 * 24 * 3600 * 1000 });
}
