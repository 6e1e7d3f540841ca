// Reads a PDF with pdf.js (an independent reader) and prints, as JSON, per page: the structure tree
// with the text of each marked-content reference, the text in structure order, and any text that
// is neither in a structure element nor an artifact; plus the outline titles and catalog facts.
// Usage: node pdfjs-structure.mjs <file.pdf>
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
const out = { pages: [], outline: [], markInfo: await doc.getMarkInfo(), lang: null };
const meta = await doc.getMetadata();
out.lang = meta.info?.Language ?? null;
out.displayDocTitle = (await doc.getViewerPreferences())?.DisplayDocTitle ?? null;
const outline = (await doc.getOutline()) ?? [];
const flat = (items, depth) => items.flatMap((o) => [{ title: o.title, depth }, ...flat(o.items ?? [], depth + 1)]);
out.outline = flat(outline, 0);
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const content = await page.getTextContent({ includeMarkedContent: true });
  const textOf = new Map();
  const untagged = [];
  const artifacts = [];
  const stack = [];
  for (const item of content.items) {
    if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') stack.push(item);
    else if (item.type === 'endMarkedContent') stack.pop();
    else if (typeof item.str === 'string') {
      if (!item.str.trim()) continue;
      const withId = [...stack].reverse().find((m) => m.id);
      const artifact = stack.some((m) => m.tag === 'Artifact');
      if (withId) textOf.set(withId.id, (textOf.get(withId.id) ?? '') + item.str);
      else if (!artifact) untagged.push(item.str);
      else artifacts.push({ str: item.str, y: item.transform[5] });
    }
  }
  const tree = await page.getStructTree();
  const order = [];
  const annotations = [];
  const walk = (node) => {
    if (node.type === 'content') {
      const t = textOf.get(node.id) ?? '';
      order.push(t);
      return { text: t };
    }
    if (node.type === 'annotation' || node.type === 'object') {
      annotations.push(node.id);
      return { annotation: node.id };
    }
    return { role: node.role, children: (node.children ?? []).map(walk) };
  };
  const annots = await page.getAnnotations();
  out.pages.push({
    tree: tree ? walk(tree) : null,
    text: order.join(' '),
    untagged,
    artifacts,
    annotations: annots.map((a) => ({ subtype: a.subtype, fieldName: a.fieldName, alternativeText: a.alternativeText, structParent: a.structParent })),
  });
}
process.stdout.write(JSON.stringify(out));
