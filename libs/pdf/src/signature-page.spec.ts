/**
 * The Underskrifter page says how each undertecknare will be identified (the round's identity level,
 * issue 18): with pdftotext, in the structure tree (pdf.js), deterministically, and without moving the
 * signature fields.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, PDFSignature } from 'pdf-lib';
import { renderExcerptPdf, renderProtocolPdf, sampleProtocol, signatoryIdentificationText, signatureFieldName } from './index';

jest.setTimeout(60_000);

const run = promisify(execFile);
const PDFJS = join(__dirname, 'testing/pdfjs-structure.mjs');
const protocol = sampleProtocol();
let dir: string;

beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'justera-sigpage-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function lastPageText(bytes: Uint8Array, name: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const { stdout } = await run('pdftotext', [file, '-']);
  const pages = stdout.split('\f');
  pages.pop();
  return pages[pages.length - 1];
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

async function fieldRects(bytes: Uint8Array): Promise<number[][]> {
  const form = (await PDFDocument.load(bytes)).getForm();
  return protocol.signatories.map((_, i) => {
    const f = form.getField(signatureFieldName(i + 1));
    expect(f).toBeInstanceOf(PDFSignature);
    const r = f.acroField.getWidgets()[0].getRectangle();
    return [r.x, r.y, r.width, r.height];
  });
}

describe(signatoryIdentificationText.name, () => {
  it('says how the undertecknare will be identified, in the future tense (the page is frozen before signing)', () => {
    expect(signatoryIdentificationText({ level: 'e-legitimation', provider: 'BankID' })).toBe('Identifieras med e-legitimation (BankID)');
    expect(signatoryIdentificationText({ level: 'e-postlank' })).toBe('Identifieras med personlig länk via e-post');
  });
});

describe('the Underskrifter page with the identity level', () => {
  it('prints "Identifieras med e-legitimation (<provider>)" under every undertecknare', async () => {
    const text = await lastPageText(
      await renderProtocolPdf(protocol, { identification: { level: 'e-legitimation', provider: 'Freja eID' } }),
      'elegitimation.pdf',
    );
    expect(text).toContain('Underskrifter');
    expect(count(text, 'Identifieras med e-legitimation (Freja eID)')).toBe(protocol.signatories.length);
    expect(text).not.toContain('personlig länk');
  });

  it('prints "Identifieras med personlig länk via e-post" for a round by link, also in an utdrag', async () => {
    const full = await lastPageText(await renderProtocolPdf(protocol, { identification: { level: 'e-postlank' } }), 'link.pdf');
    expect(count(full, 'Identifieras med personlig länk via e-post')).toBe(protocol.signatories.length);
    const excerpt = await lastPageText(
      await renderExcerptPdf(protocol, [protocol.paragraphs[0].number], {
        identification: { level: 'e-legitimation', provider: 'BankID' },
      }),
      'excerpt.pdf',
    );
    expect(count(excerpt, 'Identifieras med e-legitimation (BankID)')).toBe(protocol.signatories.length);
  });

  it('prints no such line without an identity level (a preview, the CLI): the same bytes as with no options', async () => {
    const plain = await renderProtocolPdf(protocol);
    expect(await lastPageText(plain, 'plain.pdf')).not.toContain('Identifieras');
    expect(Buffer.from(await renderProtocolPdf(protocol, {})).equals(Buffer.from(plain))).toBe(true);
  });

  it('is deterministic, and the level is part of the document (another level, another file)', async () => {
    const opts = { identification: { level: 'e-legitimation', provider: 'BankID' } } as const;
    const a = Buffer.from(await renderProtocolPdf(protocol, opts));
    const b = Buffer.from(await renderProtocolPdf(protocol, opts));
    expect(a.equals(b)).toBe(true);
    const other = Buffer.from(await renderProtocolPdf(protocol, { identification: { level: 'e-legitimation', provider: 'Freja eID' } }));
    expect(other.equals(a)).toBe(false);
  });

  it('leaves the signature fields where they were', async () => {
    const plain = await fieldRects(await renderProtocolPdf(protocol));
    const withLine = await fieldRects(
      await renderProtocolPdf(protocol, { identification: { level: 'e-legitimation', provider: 'BankID' } }),
    );
    expect(withLine).toEqual(plain);
  });

  it('tags the line as a paragraph of the undertecknare and leaves no text untagged (pdf.js)', async () => {
    const file = join(dir, 'tagged.pdf');
    writeFileSync(file, await renderProtocolPdf(protocol, { identification: { level: 'e-legitimation', provider: 'BankID' } }));
    const { stdout } = await run(process.execPath, [PDFJS, file], { maxBuffer: 64 * 1024 * 1024 });
    const report = JSON.parse(stdout) as { pages: { tree: unknown; untagged: string[] }[] };
    for (const page of report.pages) expect(page.untagged).toEqual([]);
    const last = JSON.stringify(report.pages[report.pages.length - 1].tree);
    expect(last.split('Identifieras med e-legitimation (BankID)').length - 1).toBe(protocol.signatories.length);
  });
});
