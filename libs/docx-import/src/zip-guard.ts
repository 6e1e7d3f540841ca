/**
 * The check every .docx passes before mammoth opens it: is it a zip with a Word document in it, and
 * will the parts mammoth reads stay within a budget once inflated? The central directory's sizes
 * can lie (a zip bomb declares a small size), so each XML part is inflated here with
 * `maxOutputLength` set to its declared size and compared: a part that inflates to more, or to
 * anything but its declared size, refuses the file. mammoth then inflates only parts whose real size
 * is known. Images are never inflated (the import does not read them).
 */
import { inflateRawSync } from 'node:zlib';
import { DocxImportError } from './errors';

export interface ZipLimits {
  /** Most bytes the XML parts (what mammoth parses) may inflate to, all together. */
  maxXmlBytes: number;
  /** Most entries in the archive. */
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxXmlBytes: 25 * 1024 * 1024, maxEntries: 5000 };

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function notDocx(detail: string): DocxImportError {
  return new DocxImportError('not-docx', `Filen är inte ett Word-dokument (.docx): ${detail}`);
}

/** Throws DocxImportError ('not-docx', 'too-large') or returns the names of the archive's parts. */
export function checkDocxArchive(buf: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): string[] {
  if (buf.length >= 8 && buf.subarray(0, 8).equals(OLE_MAGIC)) {
    throw notDocx(
      'det är ett äldre Word-dokument (.doc) eller ett lösenordsskyddat dokument. Spara det som .docx utan lösenord och försök igen.',
    );
  }
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw notDocx('den är inte en zip-fil, som en .docx är.');
  // End of central directory: the last 22 bytes plus at most a 64 KiB comment.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notDocx('zip-filen är trasig (ingen innehållsförteckning).');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff)
    throw new DocxImportError('too-large', 'Dokumentet är för stort för att importeras (zip64).');
  if (count > limits.maxEntries)
    throw new DocxImportError('too-large', `Dokumentet har för många delar (${count}; högst ${limits.maxEntries}).`);
  if (cdOffset + cdSize > eocd) throw notDocx('zip-filen är trasig.');
  const names: string[] = [];
  let p = cdOffset;
  let budget = limits.maxXmlBytes;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw notDocx('zip-filen är trasig.');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    names.push(name);
    if (!/\.(xml|rels)$/i.test(name)) continue;
    if (flags & 1) throw notDocx('dokumentet är krypterat.');
    if (size > budget)
      throw new DocxImportError('too-large', 'Dokumentet är för stort för att importeras (för mycket text när det packas upp).');
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw notDocx('zip-filen är trasig.');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw notDocx('zip-filen är trasig.');
    const data = buf.subarray(start, start + compressed);
    let actual: number;
    if (method === 0) actual = data.length;
    else if (method === 8) {
      try {
        actual = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) }).length;
      } catch (e) {
        if (e instanceof RangeError || (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new DocxImportError(
            'too-large',
            'Dokumentet packas upp till mer än det uppger (en så kallad zip-bomb) och importeras inte.',
          );
        }
        throw notDocx('zip-filen är trasig.');
      }
    } else throw notDocx(`okänd komprimering (${method}).`);
    if (actual !== size)
      throw new DocxImportError('too-large', 'Dokumentet packas upp till en annan storlek än det uppger och importeras inte.');
    budget -= size;
  }
  if (!names.includes('word/document.xml')) throw notDocx('den innehåller inget Word-dokument (word/document.xml saknas).');
  return names;
}
