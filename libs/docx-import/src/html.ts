/**
 * A reader for the HTML that mammoth writes — not a general HTML parser. mammoth's output is
 * well-formed and small in vocabulary (p, h1–h6, ul, ol, li, table, tr, td, th, strong, em, a, br,
 * img, sup, sub, s, u, and empty `<a id>` anchors), escapes `& < > "` in text and attributes, and
 * has no comments, scripts or unclosed elements. Anything else is read as text, never executed.
 */

export interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
export type HtmlNode = HtmlElement | string;

const VOID = new Set(['br', 'img', 'hr']);

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (m, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    if (k === 'nbsp') return '\u00a0';
    const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** Parses mammoth's HTML into a tree under a synthetic root element. Depth is bounded (mammoth nests lists and tables only). */
export function parseHtml(html: string, maxDepth = 64): HtmlElement {
  const root: HtmlElement = { tag: '#root', attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const tagRe = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*"[^"]*")?)*)\s*(\/?)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const top = () => stack[stack.length - 1]!;
  while ((m = tagRe.exec(html))) {
    if (m.index > last) top().children.push(decode(html.slice(last, m.index)));
    last = tagRe.lastIndex;
    const [, closing, rawTag, rawAttrs, selfClosing] = m;
    const tag = rawTag!.toLowerCase();
    if (closing) {
      // Close up to the matching element; a stray closing tag is ignored.
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs!.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?/g))
      attrs[a[1]!.toLowerCase()] = decode(a[2] ?? '');
    const el: HtmlElement = { tag, attrs, children: [] };
    top().children.push(el);
    if (!selfClosing && !VOID.has(tag) && stack.length < maxDepth) stack.push(el);
  }
  if (last < html.length) top().children.push(decode(html.slice(last)));
  return root;
}
