import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Block, Protocol } from './model';
import {
  blockText,
  formatParagraphRange,
  inlineText,
  listPersonNames,
  paragraphRange,
  paragraphText,
  protocolBodyText,
  sectionText,
} from './text';

const fixture = (name: string): Protocol =>
  JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'protocols', `${name}.json`), 'utf8')) as Protocol;

describe(inlineText.name, () => {
  it('joins strings and runs without adding separators', () => {
    expect(
      inlineText([
        'Beslut: ',
        { text: 'bifall', bold: true },
        ' till ',
        { text: 'förslaget', italic: true, href: 'https://example.se' },
        '.',
      ]),
    ).toBe('Beslut: bifall till förslaget.');
    expect(inlineText([])).toBe('');
    expect(inlineText(undefined)).toBe('');
  });
});

describe(blockText.name, () => {
  it('gives one line per list item (children included) and one per table row', () => {
    const list: Block = {
      type: 'numberedList',
      items: [{ content: ['ett'], children: [{ type: 'bulletList', items: [{ content: ['ett a'] }] }] }, { content: ['två'] }],
    };
    expect(blockText(list)).toBe('ett\nett a\ntvå');
    const table: Block = {
      type: 'table',
      header: [[{ content: ['ÅTGÄRDER'] }, { content: ['ANSVARIG'] }]],
      rows: [[{ content: ['Utreda'] }, { content: ['Eva'] }]],
    };
    expect(blockText(table)).toBe('ÅTGÄRDER\tANSVARIG\nUtreda\tEva');
  });
});

describe(sectionText.name, () => {
  it('uses the default Swedish heading, an override, or none for an empty title', () => {
    const content: Block[] = [{ type: 'paragraph', content: ['Text.'] }];
    expect(sectionText({ kind: 'forslagTillBeslut', content })).toBe('Förslag till beslut\nText.');
    expect(sectionText({ kind: 'beslut', title: 'Styrelsen beslutar att:', content })).toBe('Styrelsen beslutar att:\nText.');
    expect(sectionText({ kind: 'ovrigt', title: '', content })).toBe('Text.');
    expect(sectionText({ kind: 'ovrigt', content })).toBe('Text.');
  });
});

describe(formatParagraphRange.name, () => {
  it.each([
    [[], ''],
    [[5], '§ 5'],
    [[627, 628, 629, 630, 631, 632, 633, 634, 635, 636, 637, 638], '§§ 627–638'],
    [[3, 4], '§§ 3–4'],
    [[9, 1, 2, 3, 5, 7, 8, 3], '§§ 1–3, 5, 7–9'],
    [[2, 4, 6], '§§ 2, 4, 6'],
  ])('%j -> %s', (numbers, expected) => {
    expect(formatParagraphRange(numbers)).toBe(expected);
  });
});

describe(paragraphRange.name, () => {
  it('reads the range of the seed protocols', () => {
    expect(paragraphRange(fixture('halsingeradet-protokoll-627-638'))).toBe('§§ 627–638');
    expect(paragraphRange(fixture('kommunforbundet-styrelse-2024-12-13'))).toBe('§§ 43–55');
  });
});

describe(listPersonNames.name, () => {
  it('lists each person once, members first, then others, absent and signatories', () => {
    const p = fixture('kommunforbundet-styrelse-2024-12-13');
    const names = listPersonNames(p);
    expect(names.slice(0, 3)).toEqual(['Erik Lövgren', 'Anna-Britta Åkerlind', 'John Åberg']);
    expect(names).toContain('Alicia Kapica');
    expect(names).toContain('Annelie Ledin');
    expect(names.filter((n) => n === 'Malin Svanholm')).toHaveLength(1);
    expect(names).toHaveLength(13 + 6 + 1);
    expect(listPersonNames(p, { includeReplaced: true })).toContain('Stefan Dalin (S)');
  });
});

describe(paragraphText.name, () => {
  it('starts with "§ n title" and contains the case number and every section', () => {
    const p = fixture('gemensam-namnd-2020-02-14').paragraphs[1]!;
    const text = paragraphText(p);
    expect(text.split('\n').slice(0, 2)).toEqual([
      '§ 2 Slutrapport - Införande av nytt IT-stöd för samordnad planering, LINK2',
      'GNS/8/2018',
    ]);
    expect(text).toContain('Beslutsunderlag\n51956 Slutrapport Link 0.3.docx');
    expect(protocolBodyText(fixture('gemensam-namnd-2020-02-14'))).toContain('Fredag den 5 juni ändras till fredag den 29 maj.');
  });
});

describe('numbering and sub-items (formatVersion 2)', () => {
  it('writes ranges and headings as "punkt"/"N." with decimal numbering', () => {
    expect(formatParagraphRange([3], 'decimal')).toBe('punkt 3');
    expect(formatParagraphRange([1, 2, 3, 5], 'decimal')).toBe('punkterna 1–3, 5');
    expect(
      paragraphRange({
        numbering: 'decimal',
        paragraphs: [
          { number: 1, title: 'A', sections: [] },
          { number: 2, title: 'B', sections: [] },
        ],
      }),
    ).toBe('punkterna 1–2');
  });

  it('puts each sub-item, numbered "§.n", after the sections of its §', () => {
    const p = {
      number: 3,
      title: 'Information',
      sections: [{ kind: 'ovrigt' as const, title: '', content: [{ type: 'paragraph' as const, content: ['Inledning.'] }] }],
      subItems: [
        {
          number: 1,
          title: 'Första nämndssammanträdet',
          caseNumber: 'Dnr 1',
          sections: [{ kind: 'beslut' as const, content: [{ type: 'paragraph' as const, content: ['Noteras.'] }] }],
        },
      ],
    };
    expect(paragraphText(p, 'decimal').split('\n')).toEqual([
      '3. Information',
      'Inledning.',
      '3.1 Första nämndssammanträdet',
      'Dnr 1',
      'Beslut',
      'Noteras.',
    ]);
  });
});
