/**
 * Filling text fields in an incremental revision (what a DocMDP P=2 certification allows), with
 * appearance streams so that every viewer shows the values without regenerating anything.
 */
import { appendFile, copyFile, readFile } from 'node:fs/promises';
import { PdfReader } from '@justera/pdf-reader';
import type { Signer } from '../crypto/certificates';
import { textFieldAppearanceContent } from './appearance';
import { DocumentEditor } from './document';
import { IncrementalRevision, PdfUpdateError } from './revision';
import { dict, text } from './serialize';
import { sealRevisionOfBuffer, type SealOptions } from './sign';

/** One revision that sets /V and an /AP /N appearance on each named text field. */
export async function fillFieldsRevision(input: Buffer, values: Record<string, string>): Promise<Buffer> {
  const reader = PdfReader.open(input, { timeLimitMs: 60_000 });
  const last = input[input.length - 1];
  const ed = new DocumentEditor(reader, new IncrementalRevision(reader, input.length, last === 0x0a || last === 0x0d));
  for (const [fieldName, value] of Object.entries(values)) {
    const f = ed.field(fieldName);
    if (f.type !== 'Tx') throw new PdfUpdateError(`the field "${fieldName}" is not a text field`, 'not-text-field');
    if (!f.ref) throw new PdfUpdateError(`the field "${fieldName}" is not an indirect object`, 'bad-structure');
    ed.update(f.ref, { V: text(value) });
    for (const w of f.widgets) {
      if (!w.ref) continue;
      const [x1, y1, x2, y2] = ed.rectOf(ed.dictAt(w.ref));
      const ap = ed.appearance(textFieldAppearanceContent(value, x2 - x1, y2 - y1, ed.textFont()), x2 - x1, y2 - y1);
      ed.update(w.ref, { AP: dict({ N: ap }) });
    }
  }
  return (await ed.build()).bytes;
}

export async function fillFields(input: Buffer, values: Record<string, string>): Promise<Buffer<ArrayBuffer>> {
  return Buffer.concat([input, await fillFieldsRevision(input, values)]);
}

export type FillAndSealOptions = Omit<SealOptions, 'time'> & { time?: Date };

/**
 * Fills text fields (e.g. the anslag dates) in one revision and seals the result in the next: two
 * appended revisions, the seal covering the filled values.
 */
export async function fillFieldsAndSeal(
  input: Buffer,
  values: Record<string, string>,
  seal: Signer,
  o: FillAndSealOptions = { reason: 'Anslag registrerat' },
): Promise<Buffer<ArrayBuffer>> {
  const filled = await fillFields(input, values);
  const revision = await sealRevisionOfBuffer(filled, seal, { ...o, time: o.time ?? new Date() });
  return Buffer.concat([filled, revision]);
}

/** File variant: input copied with fs.copyFile, then the two revisions appended. */
export async function fillFieldsAndSealFile(
  inPath: string,
  outPath: string,
  values: Record<string, string>,
  seal: Signer,
  o: FillAndSealOptions = { reason: 'Anslag registrerat' },
): Promise<void> {
  const input = await readFile(inPath);
  const fill = await fillFieldsRevision(input, values);
  const filled = Buffer.concat([input, fill]);
  const revision = await sealRevisionOfBuffer(filled, seal, { ...o, time: o.time ?? new Date() });
  await copyFile(inPath, outPath);
  await appendFile(outPath, Buffer.concat([fill, revision]));
}
