import fc from 'fast-check';
import { generateProtocol } from './generate';
import { renderProtocolHtml } from './html';
import type { Protocol } from './model';
import { validateProtocol } from './validate';

/** Every [container, key] pair of a JSON value, to mutate one place at random. */
function slots(value: unknown): Array<[Record<string, unknown> | unknown[], string | number]> {
  const out: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach((x, i) => (out.push([v, i]), walk(x)));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        out.push([v as Record<string, unknown>, k]);
        walk(x);
      }
  };
  walk(value);
  return out;
}

/** `(root)`, or dotted names with [index] and ["quoted key"] (JSON string syntax) for odd keys. */
const PATH = /^(\(root\)|([A-Za-z$_][\w$]*|\["(?:[^"\\]|\\.)*"\])(\[\d+\]|\.[A-Za-z$_][\w$]*|\["(?:[^"\\]|\\.)*"\])*)$/;

describe('validateProtocol robustness (property)', () => {
  it('never throws on arbitrary JSON and never accepts a non-object', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        const r = validateProtocol(input);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when one place of a valid protocol is replaced by arbitrary JSON, and reports a path for every error', () => {
    const base = generateProtocol(4, 2);
    const count = slots(base).length;
    fc.assert(
      fc.property(fc.nat({ max: count - 1 }), fc.jsonValue({ maxDepth: 3 }), (index, replacement) => {
        const p = structuredClone(base);
        const [container, key] = slots(p)[index]!;
        (container as Record<string | number, unknown>)[key] = replacement;
        const r = validateProtocol(p);
        if (!r.ok) for (const e of r.errors) expect(e.path).toMatch(PATH);
      }),
      { numRuns: 300 },
    );
  });
});

describe('renderProtocolHtml escaping (property)', () => {
  it('no text, however hostile, produces markup: only our own tags remain', () => {
    const base = generateProtocol(3, 5);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const p = structuredClone(base) as Protocol;
        // every string in the protocol that is text (not a date, time, enum or link) becomes s
        p.organ = s || 'x';
        p.members[0]!.name = s || 'x';
        p.paragraphs[1]!.title = s || 'x';
        p.paragraphs[1]!.sections[0]!.content.unshift({ type: 'paragraph', content: [s, { text: s, bold: true }] });
        p.storagePlace = s || 'x';
        const html = renderProtocolHtml(p);
        const withoutOurTags = html.replace(/<\/?[a-z][a-z0-9]*(\s+[a-z-]+="[^"<>]*")*\s*>/g, '');
        expect(withoutOurTags).not.toMatch(/[<>]/);
      }),
      { numRuns: 300 },
    );
  });
});
