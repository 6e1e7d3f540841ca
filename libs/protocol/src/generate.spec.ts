import { generateProtocol, MAX_PARAGRAPHS } from './generate';
import { blockText } from './text';
import { validateProtocol } from './validate';

describe(generateProtocol.name, () => {
  it.each([1, 2, 10, 250])('makes a valid protocol with %i §§ and no warnings', (n) => {
    const p = generateProtocol(n, n);
    expect(p.paragraphs).toHaveLength(n);
    const r = validateProtocol(p);
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('makes the largest protocol the schema accepts, valid', () => {
    const p = generateProtocol(MAX_PARAGRAPHS, 42);
    expect(validateProtocol(p).ok).toBe(true);
    expect(() => generateProtocol(MAX_PARAGRAPHS + 1)).toThrow(RangeError);
    expect(() => generateProtocol(0)).toThrow(RangeError);
    expect(() => generateProtocol(1.5)).toThrow(RangeError);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(JSON.stringify(generateProtocol(30, 5))).toBe(JSON.stringify(generateProtocol(30, 5)));
    expect(JSON.stringify(generateProtocol(30, 5))).not.toBe(JSON.stringify(generateProtocol(30, 6)));
    expect(JSON.stringify(generateProtocol(30))).toBe(JSON.stringify(generateProtocol(30, 1)));
  });

  it('has consecutive § numbers and the content a renderer must handle', () => {
    const p = generateProtocol(40, 9);
    const numbers = p.paragraphs.map((x) => x.number);
    numbers.forEach((n, i) => i > 0 && expect(n).toBe(numbers[i - 1]! + 1));
    const blocks = p.paragraphs.flatMap((x) => x.sections.flatMap((s) => s.content));
    const types = new Set(blocks.map((b) => b.type));
    expect([...types].sort()).toEqual(['bulletList', 'heading', 'numberedList', 'paragraph', 'table']);
    const runs = blocks.flatMap((b) => (b.type === 'paragraph' ? b.content : [])).filter((i) => typeof i !== 'string');
    expect(runs.some((r) => typeof r !== 'string' && r.bold)).toBe(true);
    expect(runs.some((r) => typeof r !== 'string' && r.italic)).toBe(true);
    expect(runs.some((r) => typeof r !== 'string' && r.href)).toBe(true);
    const table = blocks.find((b) => b.type === 'table')!;
    expect(blockText(table).split('\n')[0]).toBe('ÅTGÄRDER\tSLUTDATUM\tANSVARIG');
    const longest = Math.max(...blocks.filter((b) => b.type === 'paragraph').map((b) => blockText(b).length));
    expect(longest).toBeGreaterThan(400);
    expect(p.paragraphs.some((x) => x.immediatelyAdjusted)).toBe(true);
    expect(new Set(p.paragraphs.flatMap((x) => x.sections.map((s) => s.kind)))).toEqual(
      new Set([
        'beslut',
        'sammanfattning',
        'forslagTillBeslut',
        'yrkanden',
        'propositionsordning',
        'reservationer',
        'ovrigt',
        'beslutsunderlag',
        'expedieras',
      ]),
    );
  });

  it('gives every signatory a distinct example e-mail address', () => {
    const p = generateProtocol(5, 11);
    const emails = p.signatories.map((s) => s.email!);
    expect(new Set(emails).size).toBe(emails.length);
    for (const e of emails) expect(e).toMatch(/^[a-z.]+@example\.(se|org)$/);
  });
});
