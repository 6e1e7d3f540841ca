import { readFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import { importDocx } from './import';
import { DocxImportError } from './errors';
import { checkDocxArchive } from './zip-guard';
import { seedDocx } from './testing/seed-docx';

/** A minimal zip writer (deflate), so a test can build archives a real tool would refuse to make. */
function zip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof DocxImportError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'ok';
};

describe('checkDocxArchive', () => {
  it('accepts a real .docx (pandoc)', () => {
    expect(checkDocxArchive(readFileSync(seedDocx('kommunforbundet-styrelse-2024-12-13')))).toContain('word/document.xml');
  });

  it('refuses what is not a zip, an old .doc or an encrypted document, and a zip without a Word document', () => {
    expect(code(() => checkDocxArchive(Buffer.from('%PDF-1.7\n…')))).toMatch(
      /^not-docx: Filen är inte ett Word-dokument \(\.docx\): den är inte en zip-fil/,
    );
    expect(code(() => checkDocxArchive(Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)])))).toMatch(
      /^not-docx: .*äldre Word-dokument \(\.doc\) eller ett lösenordsskyddat/,
    );
    expect(code(() => checkDocxArchive(zip([{ name: 'content.xml', data: Buffer.from('<x/>') }])))).toMatch(
      /^not-docx: .*word\/document\.xml saknas/,
    );
    expect(code(() => checkDocxArchive(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(40, 0x41)])))).toMatch(
      /^not-docx: .*trasig/,
    );
  });

  it('refuses a zip bomb: a part that inflates to more than it declares', () => {
    const bomb = zip([{ name: 'word/document.xml', data: Buffer.alloc(5 * 1024 * 1024, 0x20), declaredSize: 1000 }]);
    expect(bomb.length).toBeLessThan(20_000);
    expect(code(() => checkDocxArchive(bomb))).toMatch(/^too-large: .*zip-bomb/);
  });

  it('refuses a part that declares less than the limit allows in all', () => {
    const big = zip([{ name: 'word/document.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x20) }]);
    expect(code(() => checkDocxArchive(big, { maxXmlBytes: 2 * 1024 * 1024, maxEntries: 10 }))).toMatch(/^too-large: /);
    expect(code(() => checkDocxArchive(big, { maxXmlBytes: 4 * 1024 * 1024, maxEntries: 10 }))).not.toMatch(/too-large/);
  });

  it('refuses a part that inflates to less than it declares', () => {
    const short = zip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>'), declaredSize: 5000 }]);
    expect(code(() => checkDocxArchive(short))).toMatch(/^too-large: .*annan storlek/);
  });

  it('refuses too many parts', () => {
    const many = zip(Array.from({ length: 12 }, (_, i) => ({ name: `p${i}.bin`, data: Buffer.from('x') })));
    expect(code(() => checkDocxArchive(many, { maxXmlBytes: 1000, maxEntries: 10 }))).toMatch(/^too-large: .*för många delar/);
  });
});

describe('importDocx', () => {
  it('says so when a document has no § at all (422 in the api)', async () => {
    const docx = zip([
      {
        name: '[Content_Types].xml',
        data: Buffer.from(
          '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        ),
      },
      {
        name: 'word/document.xml',
        data: Buffer.from(
          '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Inköpslista: mjölk</w:t></w:r></w:p></w:body></w:document>',
        ),
      },
    ]);
    await expect(importDocx(docx)).rejects.toMatchObject({
      code: 'nothing-recognised',
      message: expect.stringContaining('Inga paragrafer hittades'),
    });
  });
});
