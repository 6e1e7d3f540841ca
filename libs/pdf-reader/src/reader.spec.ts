import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PdfArray, PdfDict, PdfName, PdfReadError, PdfReader, PdfRef, PdfStream, PdfString } from './index';
import { classicPdf as buildPdf, relistedUpdates, streamObject as streamObj } from './testing/pdf';

const CORPUS = join(__dirname, '../../../../shared/pdf-corpus/pyhanko');

const minimal = (): (string | Buffer)[] => [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 300 144] >>',
  '<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>',
  '<< /Length 8 >>\nstream\nBT ET q\nendstream',
];

function expectReadError(fn: () => unknown, codes?: string[]): PdfReadError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PdfReadError);
    if (codes) expect(codes).toContain((e as PdfReadError).code);
    return e as PdfReadError;
  }
  throw new Error('expected a PdfReadError');
}

describe(PdfReader.name, () => {
  describe('objects', () => {
    it('parses every object type, string escapes, hex strings and names with #xx', () => {
      const pdf = buildPdf([
        ...minimal(),
        '<< /A (a\\(b\\)c\\n\\101\\\nd (nested)) /B <48 65 6c6C6f7> /C /N#41me /D [1 -2.5 +3 .5 true false null 4 0 R] /E << /F 1 0 R >> >>',
      ]);
      const r = PdfReader.open(pdf);
      const d = r.getObject(new PdfRef(5, 0)) as PdfDict;
      expect((d.get('A') as PdfString).text()).toBe('a(b)c\nAd (nested)');
      expect(Buffer.from((d.get('B') as PdfString).bytes).toString('latin1')).toBe('Hellop');
      expect((d.get('B') as PdfString).hex).toBe(true);
      expect((d.get('C') as PdfName).name).toBe('NAme');
      const arr = d.get('D') as PdfArray;
      expect(arr.items.slice(0, 7)).toEqual([1, -2.5, 3, 0.5, true, false, null]);
      expect(arr.get(7)).toEqual(new PdfRef(4, 0));
      expect(r.resolve((d.get('E') as PdfDict).get('F'))).toBe(r.catalog());
    });

    it('records file offsets of strings (needed for /Contents checks)', () => {
      const pdf = buildPdf([...minimal(), '<< /Contents <00ff> >>']);
      const s = (PdfReader.open(pdf).getObject(new PdfRef(5, 0)) as PdfDict).get('Contents') as PdfString;
      expect(pdf.subarray(s.start, s.end).toString('latin1')).toBe('<00ff>');
    });

    it('reads stream /Length given as an indirect reference, and falls back to endstream on a wrong one', () => {
      const objs = minimal();
      objs[3] = '<< /Length 5 0 R >>\nstream\nBT ET q\nendstream';
      objs.push('7');
      const r = PdfReader.open(buildPdf(objs));
      const s = r.getObject(new PdfRef(4, 0)) as PdfStream;
      expect(r.decodeStream(s).toString()).toBe('BT ET q');
      expect(s.lengthRecovered).toBe(false);
      objs[4] = '3';
      const r2 = PdfReader.open(buildPdf(objs));
      const s2 = r2.getObject(new PdfRef(4, 0)) as PdfStream;
      expect(Buffer.from(s2.raw).toString()).toBe('BT ET q');
      expect(s2.lengthRecovered).toBe(true);
      expect(r2.warnings.join()).toMatch(/Length/);
    });

    it('decodes FlateDecode with a PNG predictor and reports other filters as unsupported', () => {
      const rows = [Buffer.from([2, 1, 1, 1]), Buffer.from([2, 1, 1, 1])]; // "Up" filter
      const data = deflateSync(Buffer.concat(rows));
      const objs = [...minimal(), streamObj('/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 3 >>', data), streamObj('/Filter /DCTDecode', Buffer.from('xx'))];
      const r = PdfReader.open(buildPdf(objs));
      expect([...r.decodeStream(r.getObject(new PdfRef(5, 0)) as PdfStream)]).toEqual([1, 1, 1, 2, 2, 2]);
      expectReadError(() => r.decodeStream(r.getObject(new PdfRef(6, 0)) as PdfStream), ['UNSUPPORTED_FILTER']);
    });
  });

  describe('cross-reference data', () => {
    it('reads xref streams with /W, /Index, predictors and object streams', () => {
      // objects 1-3 in an object stream (obj 5), obj 4 plain, xref stream obj 6.
      const members = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>'];
      let body = '';
      const hdr: string[] = [];
      for (let i = 0; i < members.length; i++) {
        hdr.push(`${i + 1} ${body.length}`);
        body += members[i] + ' ';
      }
      const head = hdr.join(' ') + ' ';
      const objStm = Buffer.from(head + body, 'latin1');
      const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
      const off: number[] = [];
      const add = (b: Buffer | string): void => {
        off.push(Buffer.concat(parts).length);
        parts.push(Buffer.isBuffer(b) ? b : Buffer.from(b, 'latin1'));
      };
      add('4 0 obj\n(hello)\nendobj\n');
      add(Buffer.concat([Buffer.from('5 0 obj\n'), streamObj(`/Type /ObjStm /N 3 /First ${head.length} /Filter /FlateDecode`, deflateSync(objStm)), Buffer.from('\nendobj\n')]));
      const xrefOff = Buffer.concat(parts).length;
      // rows: type(1) f1(2) f2(1), for objects 0..6
      const rows = [
        [0, 0, 0, 255],
        [2, 0, 5, 0],
        [2, 0, 5, 1],
        [2, 0, 5, 2],
        [1, (off[0]! >> 8) & 255, off[0]! & 255, 0],
        [1, (off[1]! >> 8) & 255, off[1]! & 255, 0],
        [1, (xrefOff >> 8) & 255, xrefOff & 255, 0],
      ];
      // PNG Up predictor rows
      const enc: number[] = [];
      let prev = [0, 0, 0, 0];
      for (const row of rows) {
        enc.push(2, ...row.map((v, i) => (v - prev[i]! + 256) & 255));
        prev = row;
      }
      add(Buffer.concat([Buffer.from('6 0 obj\n'), streamObj('/Type /XRef /Size 7 /Root 1 0 R /W [1 2 1] /Index [0 7] /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>', deflateSync(Buffer.from(enc))), Buffer.from('\nendobj\n')]));
      parts.push(Buffer.from(`startxref\n${xrefOff}\n%%EOF\n`));
      const file = Buffer.concat(parts);
      // Its seven entries count against the total cross-reference budget like a table's.
      expectReadError(() => PdfReader.open(file, { maxXrefEntries: 6 }), ['LIMIT_OBJECTS']);
      const r = PdfReader.open(file, { maxXrefEntries: 7 });
      expect(r.xrefKind).toBe('stream');
      expect(r.recovered).toBe(false);
      expect(r.size).toBe(7);
      expect(r.startxref).toBe(xrefOff);
      expect(r.pages()).toHaveLength(1);
      expect(r.pages()[0]!.mediaBox).toEqual([0, 0, 10, 10]);
      expect(r.entryAt(3)).toEqual({ type: 'compressed', num: 3, gen: 0, objStm: 5, index: 2 });
      expect(r.objectOffsets().get(4)).toEqual({ gen: 0, offset: off[0] });
      expect(r.getIndirect(new PdfRef(2, 0))?.objStm).toEqual({ num: 5, index: 1 });
    });

    it('follows /Prev chains and reports each revision span and trailer', () => {
      const base = buildPdf(minimal());
      const upd = `5 0 obj\n(added)\nendobj\n`;
      const xo = base.length + upd.length;
      const tail = `xref\n0 1\n0000000000 65535 f \n5 1\n${String(base.length).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev ${(base.lastIndexOf('\nxref') + 1)} >>\nstartxref\n${xo}\n%%EOF\n`;
      const pdf = Buffer.concat([base, Buffer.from(upd + tail)]);
      const r = PdfReader.open(pdf);
      expect(r.revisions).toHaveLength(2);
      expect(r.revisions[0]!.end).toBe(base.length);
      expect(r.revisions[1]!.start).toBe(base.length);
      expect(r.revisions[1]!.end).toBe(pdf.length);
      expect(r.revisions[1]!.eofEnd).toBe(pdf.length - 1);
      expect([...r.revisions[1]!.entries.keys()].sort()).toEqual([0, 5]);
      expect(r.trailer.get('Prev')).toBe((base.lastIndexOf('\nxref') + 1));
      expect(r.getIndirect(new PdfRef(5, 0), 0)).toBeUndefined();
      expect((r.getObject(new PdfRef(5, 0)) as PdfString).text()).toBe('added');
      expect(r.eofEnds).toEqual([base.length, pdf.length]);
    });

    it('rebuilds a broken xref by scanning and flags it', () => {
      const pdf = buildPdf(minimal());
      const broken = Buffer.from(pdf.toString('latin1').replace(/startxref\n\d+/, 'startxref\n9'), 'latin1');
      const r = PdfReader.open(broken);
      expect(r.recovered).toBe(true);
      expect(r.xrefKind).toBe('recovered');
      expect(r.pages()).toHaveLength(1);
    });

    it('detects a /Prev loop, and encryption', () => {
      const pdf = buildPdf(minimal(), '/Encrypt << /Filter /Standard >> ');
      expect(PdfReader.open(pdf).encrypted).toBe(true);
      const x = pdf.lastIndexOf('\nxref') + 1;
      const loop = buildPdf(minimal(), `/Prev ${x} `);
      const r = PdfReader.open(loop); // same offset → loop, the reader recovers by scanning
      expect(r.recovered).toBe(true);
      expect(r.warnings.join()).toMatch(/loop/);
    });
  });

  describe('limits on hostile input', () => {
    it('deep nesting gives LIMIT_DEPTH, not a stack overflow', () => {
      const deep = '['.repeat(100000) + ']'.repeat(100000);
      const r = PdfReader.open(buildPdf([...minimal(), deep]));
      expectReadError(() => r.getObject(new PdfRef(5, 0)), ['LIMIT_DEPTH']);
    });

    it('a decompression bomb gives LIMIT_SIZE', () => {
      const bomb = deflateSync(Buffer.alloc(64 * 2 ** 20));
      const r = PdfReader.open(buildPdf([...minimal(), streamObj('/Filter /FlateDecode', bomb)]), { maxDecodedSize: 2 ** 20 });
      expectReadError(() => r.decodeStream(r.getObject(new PdfRef(5, 0)) as PdfStream), ['LIMIT_SIZE']);
    });

    it('the total decoded budget bounds the next stream before it is inflated', () => {
      const half = deflateSync(Buffer.alloc(3 * 2 ** 20));
      const r = PdfReader.open(buildPdf([...minimal(), streamObj('/Filter /FlateDecode', half), streamObj('/Filter /FlateDecode', half)]), { maxTotalDecoded: 4 * 2 ** 20 });
      expect(r.decodeStream(r.getObject(new PdfRef(5, 0)) as PdfStream).length).toBe(3 * 2 ** 20);
      // Only 1 MiB is left: the second stream is refused by zlib's maxOutputLength, not counted afterwards.
      expectReadError(() => r.decodeStream(r.getObject(new PdfRef(6, 0)) as PdfStream), ['LIMIT_SIZE']);
      expect(r.budget.decoded).toBe(3 * 2 ** 20);
    });

    it('a file of more object headers than the budget is refused before its index is built', () => {
      const headers = Array.from({ length: 5000 }, (_, i) => `${i + 1} 0 obj\n`).join('');
      const pdf = Buffer.from(`%PDF-1.4\n${headers}trailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
      expectReadError(() => PdfReader.open(pdf, { maxObjects: 4000 }), ['LIMIT_OBJECTS']);
      // `endobj` is not counted as a header: 3000 complete objects pass a budget of 4000.
      const objs = Array.from({ length: 3000 }, (_, i) => `${i + 1} 0 obj\nnull\nendobj\n`).join('');
      let code: string | undefined;
      try {
        PdfReader.open(Buffer.from(`%PDF-1.4\n${objs}trailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1'), { maxObjects: 4000 });
      } catch (e) {
        code = (e as PdfReadError).code;
      }
      expect(code).not.toBe('LIMIT_OBJECTS');
    });

    it('counts cross-reference entries over every revision together, not only per section (LIMIT_OBJECTS)', () => {
      // Five entries per section: the base and one update (10) fit a total of 12, a second update does not.
      const base = buildPdf(minimal());
      expect(PdfReader.open(relistedUpdates(base, 1), { maxXrefEntries: 12 }).revisions).toHaveLength(2);
      const err = expectReadError(() => PdfReader.open(relistedUpdates(base, 2), { maxXrefEntries: 12 }), ['LIMIT_OBJECTS']);
      expect(err.message).toMatch(/cross-reference entries in all sections/);
      // Per section the default budget is far away: it is the total that stops the read.
      expect(PdfReader.open(relistedUpdates(base, 2)).revisions).toHaveLength(3);
    });

    it('a time budget gives DEADLINE', () => {
      const many = Array.from({ length: 20000 }, (_, i) => `${i + 10} 0 obj (x) endobj\n`).join('');
      const pdf = Buffer.from(`%PDF-1.7\n${many}trailer << /Root 10 0 R >>\n`);
      const start = Date.now();
      expectReadError(() => PdfReader.open(pdf, { timeLimitMs: 0 }).checkAll(), ['DEADLINE', 'NO_CATALOG']);
      expect(Date.now() - start).toBeLessThan(1000);
    });

    it('a self-referencing object stream and a reference loop give typed errors', () => {
      const objs = [...minimal(), '6 0 R', '5 0 R'];
      const r = PdfReader.open(buildPdf(objs));
      expectReadError(() => r.resolve(new PdfRef(5, 0)), ['CYCLE']);
    });

    it('random garbage never throws anything but PdfReadError', () => {
      let seed = 42;
      const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      const base = buildPdf(minimal());
      for (let i = 0; i < 300; i++) {
        const b = Buffer.from(base);
        for (let k = 0; k < 1 + rnd() * 10; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
        const cut = rnd() < 0.2 ? b.subarray(0, Math.floor(rnd() * b.length)) : b;
        try {
          const r = PdfReader.open(cut, { timeLimitMs: 500 });
          r.pages();
          r.fields();
          r.checkAll();
        } catch (e) {
          if (!(e instanceof PdfReadError)) throw new Error(`case ${i}: ${String(e)}`);
        }
      }
    });
  });

  describe('pyHanko corpus', () => {
    const dir = (d: string): string[] => readdirSync(join(CORPUS, d)).filter((f) => f.endsWith('.pdf'));

    it.each(dir('malformed'))('malformed/%s: a typed error or flagged recovery, quickly', (f) => {
      const bytes = readFileSync(join(CORPUS, 'malformed', f));
      const t = Date.now();
      let flagged = false;
      try {
        const r = PdfReader.open(bytes, { timeLimitMs: 2000 });
        r.pages();
        r.fields();
        r.checkAll();
        flagged = r.recovered || r.warnings.length > 0;
        if (f === 'minimal-hybrid-xref.pdf') {
          expect(r.xrefKind).toBe('hybrid');
          flagged = true; // legal; must be read
        }
      } catch (e) {
        expect(e).toBeInstanceOf(PdfReadError);
        flagged = f !== 'minimal-hybrid-xref.pdf';
      }
      expect(flagged).toBe(true);
      expect(Date.now() - t).toBeLessThan(1000);
    });

    it('reads the hybrid file fully, including the object only in /XRefStm', () => {
      const r = PdfReader.open(readFileSync(join(CORPUS, 'malformed/minimal-hybrid-xref.pdf')));
      expect(r.recovered).toBe(false);
      expect(r.warnings).toEqual([]);
      const info = r.resolve((r.getObject(new PdfRef(2, 0)) as PdfDict).get('Title'));
      expect((info as PdfString).text()).toBe('TestTest');
      expect(r.pages()).toHaveLength(1);
    });

    it('circular page tree is a CYCLE error', () => {
      const r = PdfReader.open(readFileSync(join(CORPUS, 'malformed/circular-page-tree.pdf')));
      expectReadError(() => r.pages(), ['CYCLE']);
    });

    it.each(dir('signed'))('signed/%s: revisions, signature fields, no warnings', (f) => {
      const bytes = readFileSync(join(CORPUS, 'signed', f));
      const r = PdfReader.open(bytes);
      expect(r.recovered).toBe(false);
      expect(r.warnings).toEqual([]);
      expect(r.revisions.length).toBeGreaterThanOrEqual(2);
      expect(r.revisions[r.revisions.length - 1]!.end).toBe(bytes.length);
      const sigs = r.fields().filter((x) => x.type === 'Sig');
      expect(sigs.length).toBeGreaterThanOrEqual(1);
      for (const s of sigs) expect(r.resolve(s.value)).toBeInstanceOf(PdfDict);
      expect(r.checkAll()).toEqual([]);
    });

    it('reads a linearized file with object streams (made by qpdf) as one revision without warnings', () => {
      const out = join(mkdtempSync(join(tmpdir(), 'justera-reader-')), 'lin.pdf');
      execFileSync('qpdf', ['--linearize', '--object-streams=generate', join(CORPUS, 'signed/minimal-two-fields-signed-twice.pdf'), out]);
      const r = PdfReader.open(readFileSync(out));
      expect(r.revisions).toHaveLength(1);
      expect(r.warnings).toEqual([]);
      expect(r.fields().map((f) => f.name).sort()).toEqual(['Sig1', 'Sig2']);
      expect(r.checkAll()).toEqual([]);
    });

    it.each(dir('encrypted'))('encrypted/%s: detected', (f) => {
      const r = PdfReader.open(readFileSync(join(CORPUS, 'encrypted', f)));
      expect(r.encrypted).toBe(true);
    });
  });
});
