/**
 * External check of renderProtocolHtml: axe-core (WCAG 2.1 A/AA rules) in Debian's chromium, driven by
 * playwright-core. The fragment is placed in a minimal page the way the signing page embeds it (under an h1).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { generateProtocol } from './generate';
import { renderProtocolHtml } from './html';
import type { Protocol } from './model';

const root = path.join(__dirname, '..', '..', '..');
const fixture = (name: string): Protocol =>
  JSON.parse(readFileSync(path.join(root, 'test', 'fixtures', 'protocols', `${name}.json`), 'utf8')) as Protocol;
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function page(fragment: string): string {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Granska protokollet</title></head>
<body><header><p>Justera</p></header><main><h1>Granska och justera</h1>${fragment}</main></body></html>`;
}

interface AxeViolation {
  id: string;
  impact: string;
  nodes: Array<{ target: string[] }>;
}

describe('renderProtocolHtml accessibility (axe-core in chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function violations(html: string): Promise<string[]> {
    const p = await browser.newPage();
    try {
      await p.setContent(page(html));
      await p.addScriptTag({ content: axeSource });
      const result = (await p.evaluate(() =>
        (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }).axe.run({
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
          // The fragment carries no CSS; colours are the signing page's business and are checked there.
          rules: { 'color-contrast': { enabled: false } },
        }),
      )) as { violations: AxeViolation[] };
      return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    } finally {
      await p.close();
    }
  }

  it('the three seed protocols and a generated one (tables, nested lists, links) have no violations', async () => {
    const names = ['gemensam-namnd-2020-02-14', 'halsingeradet-protokoll-627-638', 'kommunforbundet-styrelse-2024-12-13'];
    const html = [
      ...names.map((n, i) => renderProtocolHtml(fixture(n), { idPrefix: `seed${i}` })),
      renderProtocolHtml(generateProtocol(12, 4), { idPrefix: 'gen' }),
    ].join('\n');
    expect(await violations(html)).toEqual([]);
  }, 60_000);

  it('the check can fail: a skipped heading level and an image without alt text are reported', async () => {
    const broken = renderProtocolHtml(generateProtocol(2, 4)).replace('<h2 ', '<h4 ').replace('</h2>', '</h4>') + '<img src="x.png">';
    const found = await violations(broken);
    expect(found.some((v) => v.startsWith('heading-order'))).toBe(true);
    expect(found.some((v) => v.startsWith('image-alt'))).toBe(true);
  }, 60_000);
});
