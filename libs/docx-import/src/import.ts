/**
 * `importDocx(bytes)`: a Word document (.docx) → a protocol draft, a report of what was recognised
 * and what was set aside, and the result of `validateProtocol` on the draft. Pure apart from
 * mammoth (which reads the archive in memory); no files, no network.
 */
import mammoth from 'mammoth';
import { validateProtocol, type ProtocolIssue, type Protocol } from '@justera/protocol';
import { toItems } from './blocks';
import { DocxImportError } from './errors';
import { parseHtml } from './html';
import { mapItems, type ImportDefaults, type ImportReport, type ProtocolDraft } from './map';
import { checkDocxArchive, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-guard';

export interface DocxImportOptions {
  defaults?: ImportDefaults;
  limits?: Partial<ZipLimits>;
}

export interface DocxImportResult {
  /** The draft as read from the document (plus the defaults); valid when `valid` is true. */
  protocol: ProtocolDraft;
  report: ImportReport;
  /** Whether the draft passes validateProtocol as it is. */
  valid: boolean;
  /** validateProtocol's errors and warnings on the draft (Swedish in `messageSv`). */
  errors: ProtocolIssue[];
  warnings: ProtocolIssue[];
}

/** The most characters of HTML mammoth may produce from a document that passed the archive check. */
const MAX_HTML_CHARS = 40_000_000;

export async function importDocx(bytes: Buffer | Uint8Array, options: DocxImportOptions = {}): Promise<DocxImportResult> {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkDocxArchive(buf, { ...DEFAULT_ZIP_LIMITS, ...options.limits });
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: buf },
      {
        // Images are not imported: an empty <img> marks where one was (never read, never inflated).
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        styleMap: ['p[style-name="Title"] => h1:fresh', 'p[style-name="Subtitle"] => h2:fresh'],
      },
    );
    html = result.value;
  } catch (e) {
    throw new DocxImportError(
      'not-docx',
      `Filen är inte ett Word-dokument (.docx) som går att läsa: ${e instanceof Error ? e.message.slice(0, 200) : 'okänt fel'}.`,
    );
  }
  if (html.length > MAX_HTML_CHARS) throw new DocxImportError('too-large', 'Dokumentet är för stort för att importeras.');
  const items = toItems(parseHtml(html));
  const { protocol, report } = mapItems(items, options.defaults);
  if (protocol.paragraphs.length === 0) {
    throw new DocxImportError(
      'nothing-recognised',
      items.length === 0
        ? 'Dokumentet är tomt: det finns ingen text att importera.'
        : 'Inga paragrafer hittades i dokumentet. Varje ärende ska börja med en rad som ”§ 12 Rubrik” (eller ”§ 12” följd av rubriken); se docs/import.md.',
    );
  }
  const v = validateProtocol(protocol);
  return v.ok
    ? { protocol, report, valid: true, errors: [], warnings: v.warnings }
    : { protocol, report, valid: false, errors: v.errors, warnings: v.warnings };
}

export type { Protocol };
