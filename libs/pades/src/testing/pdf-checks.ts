/** External PDF checkers for tests: pdfsig with an NSS database trusting our root, qpdf, openssl cms. */
import { readFileSync } from 'node:fs';
import { run, pem, tempDir } from './tools';

export interface NssDb {
  dir: string;
  cleanup(): void;
}

/** An NSS database that trusts `rootDer` for signing (certutil -A -t "CT,C,C"). */
export async function nssDbTrusting(rootDer: Buffer): Promise<NssDb> {
  const tmp = tempDir('nss-');
  const r1 = await run('certutil', ['-N', '--empty-password', '-d', `sql:${tmp.dir}`]);
  if (r1.code !== 0) throw new Error(`certutil -N failed: ${r1.stderr}`);
  const root = tmp.file('root.pem', pem(rootDer));
  const r2 = await run('certutil', ['-A', '-n', 'Justera test root', '-t', 'CT,C,C', '-a', '-i', root, '-d', `sql:${tmp.dir}`]);
  if (r2.code !== 0) throw new Error(`certutil -A failed: ${r2.stderr}`);
  return { dir: tmp.dir, cleanup: tmp.cleanup };
}

export interface PdfsigSignature {
  index: number;
  text: string;
  valid: boolean;
  trusted: boolean;
  total: boolean;
  /** A /DocTimeStamp (our "TidsstampelN" fields): poppler 22.12 cannot validate these ("Signature type unknown"). */
  documentTimestamp: boolean;
}

export async function pdfsig(nss: NssDb, file: string): Promise<{ code: number; out: string; signatures: PdfsigSignature[] }> {
  const r = await run('pdfsig', ['-nssdir', `sql:${nss.dir}`, '-no-ocsp', file]);
  const out = r.stdout + r.stderr;
  const blocks = out.split(/^Signature #/m).slice(1);
  return {
    code: r.code,
    out,
    signatures: blocks.map((text, i) => ({
      index: i + 1,
      text,
      valid: text.includes('Signature Validation: Signature is Valid.'),
      trusted: text.includes('Certificate Validation: Certificate is Trusted.'),
      total: text.includes('Total document signed'),
      documentTimestamp: /Signature Field Name: Tidsstampel\d+/.test(text) || /Signature Type: unknown/.test(text),
    })),
  };
}

export async function qpdfCheck(file: string): Promise<{ code: number; out: string }> {
  const r = await run('qpdf', ['--check', file]);
  return { code: r.code, out: r.stdout + r.stderr };
}

/** Every /ByteRange + /Contents pair in a file (a naive scan: good enough for our own output). */
export function signaturesIn(file: string | Buffer): { byteRange: number[]; cms: Buffer; documentTimestamp: boolean }[] {
  const b = typeof file === 'string' ? readFileSync(file) : file;
  const s = b.toString('latin1');
  const out: { byteRange: number[]; cms: Buffer; documentTimestamp: boolean }[] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const br = m.slice(1, 5).map(Number);
    const hex = s.slice(br[1] + 1, br[2] - 1);
    const cms = Buffer.from(hex, 'hex');
    // strip zero padding after the DER (length from the outer SEQUENCE header)
    let len = cms.length;
    if (cms[0] === 0x30 && cms[1] === 0x82) len = 4 + cms.readUInt16BE(2);
    else if (cms[0] === 0x30 && cms[1] === 0x83) len = 5 + cms.readUIntBE(2, 3);
    // Our serialiser writes /Type and /SubFilter just before /ByteRange.
    const documentTimestamp = /\/ETSI\.RFC3161/.test(s.slice(Math.max(0, m.index - 200), m.index));
    out.push({ byteRange: br, cms: cms.subarray(0, len), documentTimestamp });
  }
  return out;
}

/** The signed bytes of one signature: the two byte ranges concatenated. */
export function signedBytes(file: Buffer, br: number[]): Buffer {
  return Buffer.concat([file.subarray(br[0], br[0] + br[1]), file.subarray(br[2], br[2] + br[3])]);
}
