/**
 * A first look at a chosen file in the browser, so that the secretary hears at once — not after
 * filling in the whole form and saving — that a file cannot be used. The api's checks
 * (libs/protocol uploaded-pdf.ts, in a child process) stay the authority: this looks only at bytes a
 * PDF must or must not have, and the messages are the api's words.
 */

/** The api's messages (libs/application errors.ts), so one problem reads the same before and after saving. */
export const NOT_PDF = 'Filen är inte en PDF.';
export const ENCRYPTED =
  'PDF-filen är krypterad eller lösenordsskyddad. Krypterade PDF-filer kan inte signeras; spara den utan kryptering och ladda upp igen.';
export const SIGNED =
  'PDF-filen är redan signerad. Undertecknarnas signaturer läggs till i en osignerad PDF; ladda upp protokollet som det var innan det signerades.';

/** How much of each end is read: the header, and the last trailer or cross-reference stream dictionary. */
const HEAD = 1024;
const TAIL = 256 * 1024;
const FIRST_PAGE = 64 * 1024;

const latin1 = (b: ArrayBuffer) => new TextDecoder('latin1').decode(b);

/**
 * The problem with `file` as a protocol PDF, or null when none shows in its bytes: no "%PDF-" in the
 * first kilobyte (what the api checks), or an /Encrypt entry in the trailer (at the end, or at the start
 * of a linearised file), or a signature's /ByteRange in the last revision (a signed file's last
 * signature or document time-stamp; the api finds any signature, wherever it is). Neither key can sit
 * inside a compressed object stream, so a file that only mentions the words in compressed content is
 * not flagged.
 */
export async function precheckPdf(file: Blob): Promise<string | null> {
  // One read of the start serves both the header (its first kilobyte) and a linearised file's trailer;
  // latin1 is one character a byte, so the first HEAD characters are the first HEAD bytes.
  const start = latin1(await file.slice(0, FIRST_PAGE).arrayBuffer());
  if (!start.slice(0, HEAD).includes('%PDF-')) return NOT_PDF;
  const end = latin1(await file.slice(Math.max(0, file.size - TAIL)).arrayBuffer());
  const trailerKey = /\/Encrypt\s*\d+\s+\d+\s+R|\/Encrypt\s*<</;
  if (trailerKey.test(end) || trailerKey.test(start)) return ENCRYPTED;
  return /\/ByteRange\s*\[/.test(end) ? SIGNED : null;
}

/**
 * Runs `check` on each chosen file and reports what it found, but only for the latest choice: a check
 * of an earlier file that ends after a later file was chosen (a large file read slowly, then a small
 * one) is dropped, so that one file's problem is never shown beside another. Choosing (or clearing)
 * reports null at once. The generation counter is the guard, as in the protocol page's live status.
 */
export function latestPrecheck(
  report: (problem: string | null) => void,
  check: (file: Blob) => Promise<string | null> = precheckPdf,
): (file: Blob | null) => void {
  let generation = 0;
  return (file) => {
    const asked = ++generation;
    report(null);
    if (!file) return;
    check(file).then(
      (problem) => asked === generation && report(problem),
      // The api checks the file on saving anyway.
      () => asked === generation && report(null),
    );
  };
}
