import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeChanges, diffLines, diffParagraphs, paragraphLines, ProtocolLike } from './diff';

const fixture = (name: string): ProtocolLike =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'protocols', name), 'utf8'));

describe(diffParagraphs.name, () => {
  const base = fixture('halsingeradet-protokoll-627-638.json');

  it('finds nothing between a protocol and its copy', () => {
    expect(diffParagraphs(base, structuredClone(base))).toEqual([]);
    expect(describeChanges(base, structuredClone(base))).toEqual([]);
  });

  it('names a changed, an added and a removed §', () => {
    const after = structuredClone(base);
    const first = after.paragraphs[0];
    first.sections = [...(first.sections ?? []), { kind: 'ovrigt', content: [{ type: 'paragraph', content: ['Rättad mening.'] }] }];
    const removed = after.paragraphs.pop()!;
    after.paragraphs.push({ number: 999, title: 'Ny paragraf', sections: [] });
    const changes = diffParagraphs(base, after);
    expect(changes.map((c) => [c.number, c.kind])).toEqual([
      [first.number, 'changed'],
      [999, 'added'],
      [removed.number, 'removed'],
    ]);
    expect(changes[0].after).toContain('Rättad mening.');
    expect(changes[0].before).not.toContain('Rättad mening.');
    expect(describeChanges(base, after)[0]).toBe(`§ ${first.number} ${first.title}: ändrad`);
  });

  it('reports changes outside the §§ as one line', () => {
    const after = structuredClone(base);
    after.storagePlace = 'Någon annanstans';
    expect(describeChanges(base, after)).toEqual(['Mötesuppgifter, närvaro, bilagor eller undertecknare: ändrade']);
  });
});

describe(paragraphLines.name, () => {
  it('flattens inlines, lists and tables', () => {
    const lines = paragraphLines({
      number: 5,
      title: 'Budget',
      sections: [
        {
          kind: 'beslut',
          title: 'Beslut',
          content: [
            { type: 'paragraph', content: ['Att ', { text: 'anta', bold: true }, ' budgeten'] },
            {
              type: 'bulletList',
              items: [{ content: ['ett'] }, { content: ['två'], children: [{ type: 'bulletList', items: [{ content: ['under'] }] }] }],
            },
          ],
        },
        {
          kind: 'ovrigt',
          content: [
            {
              type: 'table',
              header: [[{ content: ['År'] }, { content: ['Belopp'] }]],
              rows: [[{ content: ['2026'] }, { content: ['5 kr'] }]],
            },
          ],
        },
      ],
    });
    expect(lines).toEqual(['§ 5 Budget', 'Beslut', 'Att anta budgeten', 'ett', 'två', 'under', 'År | Belopp', '2026 | 5 kr']);
  });
});

describe(diffLines.name, () => {
  it('marks removed and added lines around common ones', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });
});

describe('sub-items in the diff', () => {
  it('sees a changed sub-item as a changed §', () => {
    const a: ProtocolLike = {
      paragraphs: [
        {
          number: 3,
          title: 'Info',
          sections: [],
          subItems: [{ number: 1, title: 'Del', sections: [{ kind: 'ovrigt', content: [{ type: 'paragraph', content: ['före'] }] }] }],
        },
      ],
    };
    const b = structuredClone(a);
    (b.paragraphs[0]!.subItems![0]!.sections![0] as { content: { content: string[] }[] }).content[0]!.content = ['efter'];
    expect(paragraphLines(b.paragraphs[0]!)).toEqual(['§ 3 Info', '3.1 Del', 'efter']);
    expect(diffParagraphs(a, b).map((c) => c.kind)).toEqual(['changed']);
  });
});
