/**
 * A small protocol-like PDF made with pdf-lib for tests, shaped like libs/pdf's output: a final
 * "Underskrifter" page with empty signature fields signatur.1 … signatur.N (terminal fields /T "1"…
 * under a parent /T "signatur") and text fields anslag.uppsattande, anslag.nedtagande,
 * anslag.sistaDagOverklagande.
 */
import { PDFDocument, PDFName, PDFString, StandardFonts, PDFRef, PDFArray } from 'pdf-lib';

export async function samplePdf(opts: { signatures?: number; objectStreams?: boolean; extraPages?: number } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < (opts.extraPages ?? 1); i++) {
    const p = doc.addPage([595, 842]);
    p.drawText(`Protokoll, sida ${i + 1}`, { x: 50, y: 780, size: 14, font });
  }
  const page = doc.addPage([595, 842]);
  page.drawText('Underskrifter', { x: 50, y: 780, size: 16, font });
  const form = doc.getForm();
  const names = ['uppsattande', 'nedtagande', 'sistaDagOverklagande'];
  names.forEach((n, i) => {
    const f = form.createTextField(`anslag.${n}`);
    f.addToPage(page, { x: 300, y: 200 - i * 30, width: 150, height: 20, font });
  });
  const ctx = doc.context;
  const parent = ctx.register(ctx.obj({ T: PDFString.of('signatur'), Kids: [] }));
  const kids: PDFRef[] = [];
  const annots: PDFRef[] = [];
  const n = opts.signatures ?? 3;
  for (let i = 1; i <= n; i++) {
    const ref = ctx.register(
      ctx.obj({
        FT: 'Sig',
        T: PDFString.of(String(i)),
        Parent: parent,
        Type: 'Annot',
        Subtype: 'Widget',
        Rect: [50, 700 - i * 130, 300, 700 - i * 130 + 110],
        F: 4,
        P: page.ref,
      }),
    );
    kids.push(ref);
    annots.push(ref);
  }
  const parentDict = ctx.lookup(parent) as unknown as { set(k: PDFName, v: unknown): void };
  parentDict.set(PDFName.of('Kids'), ctx.obj(kids));
  const acro = doc.catalog.getOrCreateAcroForm();
  acro.dict.set(PDFName.of('Fields'), ctx.obj([...(acro.dict.lookup(PDFName.of('Fields'), PDFArray)?.asArray() ?? []), parent]));
  const existing = page.node.Annots()?.asArray() ?? [];
  page.node.set(PDFName.of('Annots'), ctx.obj([...existing, ...annots]));
  return Buffer.from(await doc.save({ useObjectStreams: opts.objectStreams ?? false }));
}

/** Any PDF without a form (an evidence report, say). */
export async function plainPdf(objectStreams = true): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('Anslagsbevis', { x: 50, y: 780, size: 14, font });
  doc.addPage([595, 842]).drawText('Sida 2', { x: 50, y: 780, size: 14, font });
  return Buffer.from(await doc.save({ useObjectStreams: objectStreams }));
}
