import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ENCRYPTED, latestPrecheck, NOT_PDF, precheckPdf, SIGNED } from '../src/components/pdf-precheck';

const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'pdf-corpus');
const pdfs = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? pdfs(p) : n.endsWith('.pdf') ? [p] : [];
  });
const blob = (bytes: Uint8Array | string) => new Blob([bytes]);

describe('precheckPdf: what the workspace says as soon as a file is chosen', () => {
  it('flags the encrypted PDFs of the corpus (RC4, AES-256, public key) as encrypted, its signed ones as signed, and nothing else', async () => {
    const all = pdfs(CORPUS);
    expect(all.length).toBeGreaterThan(20);
    const flagged: Record<string, string[]> = { encrypted: [], signed: [], none: [] };
    for (const f of all) {
      const p = await precheckPdf(blob(readFileSync(f)));
      flagged[p === ENCRYPTED ? 'encrypted' : p === SIGNED ? 'signed' : p === null ? 'none' : String(p)].push(f.slice(CORPUS.length + 1));
    }
    expect(flagged.encrypted.sort()).toEqual(['pyhanko/encrypted/minimal-aes256.pdf', 'pyhanko/encrypted/minimal-pubkey-aes256.pdf', 'pyhanko/encrypted/minimal-rc4.pdf']);
    // Every file with a signature is flagged (the api refuses them all: signed_pdf); no unsigned one is.
    const withSignature = all.filter((f) => readFileSync(f).includes('/ByteRange')).map((f) => f.slice(CORPUS.length + 1));
    expect(flagged.signed.sort()).toEqual(withSignature.sort());
    expect(flagged.none.every((f) => f.startsWith('pyhanko/malformed/'))).toBe(true);
  });

  it('says a file without the PDF header is not a PDF, as the api does', async () => {
    await expect(precheckPdf(blob('Protokoll\n§ 1 Mötets öppnande\n'))).resolves.toBe(NOT_PDF);
    await expect(precheckPdf(blob(new Uint8Array(0)))).resolves.toBe(NOT_PDF);
    // The api looks for the header in the first kilobyte, not only at byte 0.
    await expect(precheckPdf(blob(`${' '.repeat(500)}%PDF-1.7\n%%EOF\n`))).resolves.toBeNull();
    await expect(precheckPdf(blob(`${' '.repeat(1100)}%PDF-1.7\n%%EOF\n`))).resolves.toBe(NOT_PDF);
  });

  it('finds /Encrypt in a trailer, a cross-reference stream dictionary or an inline dictionary, not in /EncryptMetadata', async () => {
    const body = `%PDF-1.7\n${'x'.repeat(300 * 1024)}\n`;
    await expect(precheckPdf(blob(`${body}trailer\n<< /Size 6 /Root 1 0 R /Encrypt 5 0 R >>\n%%EOF\n`))).resolves.toBe(ENCRYPTED);
    await expect(precheckPdf(blob(`${body}9 0 obj\n<< /Type /XRef /Encrypt 7 0 R /Size 10 >>\nstream\n`))).resolves.toBe(ENCRYPTED);
    await expect(precheckPdf(blob(`${body}trailer\n<< /Encrypt << /Filter /Standard /V 2 >> >>\n%%EOF\n`))).resolves.toBe(ENCRYPTED);
    await expect(precheckPdf(blob(`${body}5 0 obj << /EncryptMetadata true >> endobj\ntrailer\n<< /Size 6 >>\n%%EOF\n`))).resolves.toBeNull();
    // A linearised file's first-page trailer sits near the start.
    await expect(precheckPdf(blob(`%PDF-1.7\ntrailer << /Encrypt 3 0 R >>\n${'x'.repeat(300 * 1024)}%%EOF\n`))).resolves.toBe(ENCRYPTED);
  });
});

describe('latestPrecheck: only the latest chosen file is reported', () => {
  /** A check whose answers the test gives, in any order. */
  const controlled = () => {
    const pending = new Map<Blob, (problem: string | null) => void>();
    const check = (file: Blob) => new Promise<string | null>((resolve) => pending.set(file, resolve));
    return { check, answer: (file: Blob, problem: string | null) => pending.get(file)!(problem) };
  };
  const settle = () => new Promise((r) => setImmediate(r));

  it("drops an earlier file's problem that arrives after a later file was chosen", async () => {
    const { check, answer } = controlled();
    const reported: (string | null)[] = [];
    const choose = latestPrecheck((p) => reported.push(p), check);
    const a = blob('encrypted');
    const b = blob('fine');
    choose(a);
    choose(b);
    answer(b, null);
    answer(a, ENCRYPTED);
    await settle();
    expect(reported).toEqual([null, null, null]);
  });

  it("reports the latest file's own problem, and nothing after the choice is cleared", async () => {
    const { check, answer } = controlled();
    const reported: (string | null)[] = [];
    const choose = latestPrecheck((p) => reported.push(p), check);
    const a = blob('a');
    const b = blob('b');
    choose(a);
    choose(b);
    answer(a, null);
    answer(b, SIGNED);
    await settle();
    expect(reported).toEqual([null, null, SIGNED]);
    choose(a);
    choose(null);
    answer(a, NOT_PDF);
    await settle();
    expect(reported).toEqual([null, null, SIGNED, null, null]);
  });

  it('reads a real file with the real check', async () => {
    const reported: (string | null)[] = [];
    latestPrecheck((p) => reported.push(p))(blob('no header'));
    await settle();
    await settle();
    expect(reported).toEqual([null, NOT_PDF]);
  });
});
