import { readFileSync } from 'node:fs';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (no browser is ever downloaded); playwright gives each launch a fresh profile. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-sized context (politicians sign on their phones). */
export async function phoneContext(browser: Browser, extraHTTPHeaders?: Record<string, string>): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'sv-SE', extraHTTPHeaders });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) in the page; returns the violations. axe is evaluated
 * through the DevTools protocol, not added as a <script>: the pages' CSP (script-src 'none') would
 * refuse an inline script tag, and should.
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async () => {
    // Runs in the page: globalThis is the window there.
    const w = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(w.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
  });
}

/** A readable summary for failing expectations. */
export function describeViolations(v: AxeViolation[]): string {
  return v.map((x) => `${x.id} (${x.impact}): ${x.help}\n  ${x.nodes.map((n) => `${n.target.join(' ')} ${n.html}`).join('\n  ')}`).join('\n');
}

export interface Overflow {
  /** document.documentElement.scrollWidth: wider than the viewport means the page scrolls sideways. */
  scrollWidth: number;
  viewport: number;
  /** The outermost elements that reach past the viewport's right edge (tag.class "text…" right=px). */
  culprits: string[];
}

/**
 * How far the page reaches sideways. A page fits when scrollWidth <= viewport; the culprits name the
 * elements that stick out, for a readable failure. Content inside a scroll container (overflow-x
 * auto) does not widen the page, and is not a culprit.
 */
export async function horizontalOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    // Runs in the page.
    const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number }; body: unknown }; getComputedStyle(el: unknown): { overflowX: string } };
    const d = g.document;
    type El = { tagName: string; className: unknown; textContent: string | null; parentElement: El | null; children: ArrayLike<El>; getBoundingClientRect(): { right: number } };
    const view = d.documentElement.clientWidth;
    const culprits: string[] = [];
    const walk = (el: El) => {
      const right = el.getBoundingClientRect().right;
      if (right > view + 0.5) {
        const wide = Array.from(el.children).filter((c) => c.getBoundingClientRect().right > view + 0.5);
        if (wide.length === 0 || culprits.length > 20) {
          culprits.push(`${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}" right=${Math.round(right)}`);
          return;
        }
        wide.forEach(walk);
        return;
      }
      // A scroll container within the viewport keeps its content's width to itself.
      if (g.getComputedStyle(el).overflowX === 'visible') Array.from(el.children).forEach(walk);
    };
    walk(d.body as El);
    if (culprits.length === 0 && d.documentElement.scrollWidth > view) {
      // Nothing sticks out as a box: text overflows one (a long word in a block of the page's width).
      const all = Array.from((d as unknown as { querySelectorAll(s: string): ArrayLike<El & { scrollWidth: number; clientWidth: number }> }).querySelectorAll('body *'));
      const over = all.filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && g.getComputedStyle(el).overflowX === 'visible');
      for (const el of over.filter((el) => !over.some((o) => o !== el && (el as unknown as { contains(n: unknown): boolean }).contains(o)))) {
        culprits.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}" content ${el.scrollWidth} px in ${el.clientWidth} px`);
      }
    }
    return { scrollWidth: d.documentElement.scrollWidth, viewport: view, culprits: culprits.slice(0, 10) };
  });
}
