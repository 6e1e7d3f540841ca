/**
 * `npm run bench -- pdf-render`: rendering a generated 200-paragraph protocol with libs/pdf against a
 * bare pdf-lib baseline in the same run.
 *
 * The baseline draws exactly the same text runs on the same number of pages (taken from our layout
 * before timing starts), with the same embedded Noto Sans subsets and the same fontkit glyph mapping,
 * one after another down the page, and saves with the same options, but does no layout: no line
 * breaking, no tables, no page furniture, fields or PDF/A metadata. The ratio ours/baseline is what
 * our layout and document structure cost on top of pdf-lib's own work; it is machine-independent.
 *
 * Goals: median ours ≤ 2 × median baseline, and median ours < 1 s.
 */
import { embeddedFontBytes, FontStyle, layoutTextRuns, renderProtocolPdf, rendererFontkit, sampleProtocol } from '@justera/pdf';
import { PDFDocument, PDFFont, rgb } from 'pdf-lib';
import type { BenchSection } from './run';

const REPETITIONS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function baseline(pages: { text: string; style: FontStyle; size: number }[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(rendererFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const fonts = new Map<FontStyle, PDFFont>();
  for (const style of ['regular', 'bold', 'italic', 'boldItalic'] as FontStyle[]) fonts.set(style, await doc.embedFont(embeddedFontBytes(style), { subset: true }));
  const color = rgb(0.1, 0.1, 0.1);
  for (const runs of pages) {
    const page = doc.addPage([595.28, 841.89]);
    let y = 800;
    for (const r of runs) {
      page.drawText(r.text, { x: 60, y, size: r.size, font: fonts.get(r.style)!, color });
      y = y < 60 ? 800 : y - 6;
    }
  }
  return doc.save({ useObjectStreams: false });
}

async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = process.hrtime.bigint();
  const r = await f();
  return [Number(process.hrtime.bigint() - t) / 1e6, r];
}

export default async function (): Promise<BenchSection> {
  const protocol = sampleProtocol({ paragraphs: 200 });
  const runs = layoutTextRuns(protocol);
  const lineCount = runs.reduce((n, p) => n + p.length, 0);
  // Warm-up (font parsing, JIT) for both, then alternate so that load changes hit both alike.
  await renderProtocolPdf(protocol);
  await baseline(runs);
  const ours: number[] = [];
  const base: number[] = [];
  let oursBytes = 0;
  let baseBytes = 0;
  for (let i = 0; i < REPETITIONS; i++) {
    const [a, pdf] = await time(() => renderProtocolPdf(protocol));
    const [b, raw] = await time(() => baseline(runs));
    ours.push(a);
    base.push(b);
    oursBytes = pdf.length;
    baseBytes = raw.length;
  }
  const mo = median(ours);
  const mb = median(base);
  const ratio = mo / mb;
  const goalMet = ratio <= 2 && mo < 1000;
  const markdown = [
    `A generated protocol of 200 paragraphs (${runs.length} pages, ${lineCount} text runs, tables, lists), ${REPETITIONS} repetitions after a warm-up, median.`,
    '',
    '| | median ms | min ms | max ms | output bytes |',
    '|---|---:|---:|---:|---:|',
    `| libs/pdf renderProtocolPdf | ${mo.toFixed(0)} | ${Math.min(...ours).toFixed(0)} | ${Math.max(...ours).toFixed(0)} | ${oursBytes} |`,
    `| bare pdf-lib, same text runs and pages | ${mb.toFixed(0)} | ${Math.min(...base).toFixed(0)} | ${Math.max(...base).toFixed(0)} | ${baseBytes} |`,
    '',
    `Ratio ours / baseline: **${ratio.toFixed(2)}×** (goal ≤ 2×). Ours per page: ${(mo / runs.length).toFixed(2)} ms. Median ours ${mo.toFixed(0)} ms (goal < 1000 ms).`,
    `Goal ${goalMet ? 'met' : 'MISSED'}.`,
  ].join('\n');
  return { title: 'PDF rendering (libs/pdf)', markdown, goalMet };
}
