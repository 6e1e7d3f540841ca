import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderSimpleDocumentPdf } from './simple-document';

const run = promisify(execFile);

describe(renderSimpleDocumentPdf.name, () => {
  it('embeds subsets of Noto Sans (small file) whose glyphs poppler draws and extracts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'justera-simple-'));
    try {
      const bytes = await renderSimpleDocumentPdf({
        title: 'Anslagsbevis',
        author: 'Styrelsen',
        lines: ['# Anslaget', 'Datum för anslags uppsättande: 2025-03-05', 'Förvaringsplats: Kommunhuset, Åre § 12 – "citat"'],
        date: new Date('2025-03-05T00:00:00Z'),
      });
      // Full Noto Sans Regular + Bold embedded were about 650 KB; subsets are a few KB each.
      expect(bytes.length).toBeLessThan(80_000);
      const file = join(dir, 'doc.pdf');
      writeFileSync(file, bytes);
      const { stdout } = await run('pdftotext', [file, '-']);
      expect(stdout).toContain('Förvaringsplats: Kommunhuset, Åre § 12 – "citat"');
      const fonts = (await run('pdffonts', [file])).stdout.split('\n').slice(2).filter((l) => l.trim());
      expect(fonts.length).toBe(2);
      for (const row of fonts) expect(row).toMatch(/\byes\s+yes\s+yes\b/); // emb, sub, uni
      await run('qpdf', ['--check', file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
