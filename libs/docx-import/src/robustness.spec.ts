import fc from 'fast-check';
import { validateProtocol } from '@justera/protocol';
import { toItems } from './blocks';
import { parseHtml } from './html';
import { mapItems } from './map';

const TAGS = ['p', 'h1', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'table', 'tr', 'td', 'th', 'strong', 'em', 'a', 'br', 'img'];
const WORDS = [
  '§ 12',
  '§3',
  'Beslut',
  'Bakgrund:',
  'Beslutande',
  'Närvarande:',
  'Anna Andersson (S)',
  'Bo Berg, sekreterare',
  'Utses att justera',
  'Tid',
  '2025-03-04',
  'kl. 13.00-15.00',
  'Bilagor',
  '(KS 2025/1)',
  'ersätter',
  '§§ 1-3',
  '&amp;',
  '&lt;b&gt;',
  '"',
  'text',
  '',
];

/** Random mammoth-like HTML: tags from mammoth's vocabulary, nested and unbalanced, with protocol-ish words. */
const html = fc
  .array(
    fc.oneof(
      fc.constantFrom(...WORDS),
      fc.constantFrom(...TAGS).map((t) => `<${t}>`),
      fc.constantFrom(...TAGS).map((t) => `</${t}>`),
      fc.constant('<a href="javascript:x">'),
      fc.string({ maxLength: 20 }),
    ),
    { maxLength: 200 },
  )
  .map((parts) => parts.join(' '));

describe('the mapping on arbitrary input', () => {
  it('never throws, and gives a draft the validator can judge', () => {
    fc.assert(
      fc.property(html, (h) => {
        const { protocol, report } = mapItems(toItems(parseHtml(h)), {
          organisation: 'K',
          organ: 'O',
          meetingDate: '2025-01-01',
          meetingPlace: 'P',
          storagePlace: 'S',
        });
        expect(Array.isArray(report.recognised)).toBe(true);
        // The validator may find errors (e.g. duplicate § numbers), but the draft has the format's shape where the import controls it.
        const v = validateProtocol(protocol);
        const shapeErrors = v.ok
          ? []
          : v.errors.filter((e) => ['additionalProperties', 'type', 'discriminator', 'too-deep'].includes(e.code));
        expect(shapeErrors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  // Speed is a benchmark's business, not a unit test's: this checks only that 2000 §§ with long
  // unclosed titles all come through.
  it('reads a 2000-§ document with long unclosed titles, every § found', () => {
    const parts: string[] = ['<p>Beslutande</p><p>Anna Andersson (S)</p><p>Utses att justera: Anna Andersson</p>'];
    for (let n = 1; n <= 2000; n++) {
      parts.push(
        `<p><strong>§ ${n} Ärende ${n} (${'1'.repeat(250)}</strong></p><h3>Beslut</h3><p>Beslutet ${n}.</p><ul><li>punkt</li></ul>`,
      );
    }
    const { protocol } = mapItems(toItems(parseHtml(parts.join(''))));
    expect(protocol.paragraphs).toHaveLength(2000);
    expect(protocol.paragraphs.map((p) => p.number)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
  });
});
