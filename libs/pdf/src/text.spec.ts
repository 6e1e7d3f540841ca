import { breakLines, Span, spansOf } from './text';
import { loadFonts } from './fonts';

const fonts = loadFonts();
const joined = (lines: ReturnType<typeof breakLines>): string => lines.map((l) => l.fragments.map((f) => f.text).join('')).join(' ');

describe(breakLines.name, () => {
  const text = 'Styrelsen beslutar att lägga informationen till handlingarna och att ge förbundsdirektören i uppdrag att återkomma.';

  it.each([80, 150, 300, 471])('keeps every line within %p pt and loses no words', (width) => {
    const lines = breakLines([{ text, style: 'regular' }], width, 10, fonts);
    for (const l of lines) {
      expect(l.width).toBeLessThanOrEqual(width + 1e-6);
      const last = l.fragments[l.fragments.length - 1];
      expect(last.x + last.width).toBeCloseTo(l.width, 6);
    }
    // Words wider than the line (here "förbundsdirektören" at 80 pt) are split, so compare without spaces.
    expect(joined(lines).replace(/ /g, '')).toBe(text.replace(/ /g, ''));
    if (width >= 150) expect(joined(lines)).toBe(text);
  });

  it('measures the same width as the fragments it returns', () => {
    const [line] = breakLines([{ text: 'Hälsingerådet § 627 – “citat”', style: 'bold' }], 1000, 12, fonts);
    expect(line.width).toBeCloseTo(fonts.bold.width('Hälsingerådet § 627 – “citat”') * 12, 6);
  });

  it('splits a word longer than the line, preferring a break after "/"', () => {
    const url = 'https://www.example.se/kommun/politik-och-demokrati/protokoll-och-handlingar/2022/handlingar.pdf';
    const lines = breakLines([{ text: url, style: 'regular' }], 200, 10, fonts);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(200 + 1e-6);
    expect(lines.map((l) => l.fragments.map((f) => f.text).join('')).join('')).toBe(url);
    expect(lines[0].fragments[0].text).toMatch(/[/\-.]$/);
  });

  it('keeps styles apart and merges runs of the same style', () => {
    const spans: Span[] = [
      { text: 'Ärendet gäller ', style: 'regular' },
      { text: 'samtliga kommuner', style: 'bold' },
      { text: ' och ska ', style: 'regular' },
      { text: 'redovisas', style: 'italic' },
      { text: '.', style: 'regular' },
    ];
    const [line] = breakLines(spans, 1000, 10, fonts);
    expect(line.fragments.map((f) => [f.style, f.text])).toEqual([
      ['regular', 'Ärendet gäller '],
      ['bold', 'samtliga kommuner'],
      ['regular', ' och ska '],
      ['italic', 'redovisas'],
      ['regular', '.'],
    ]);
  });

  it('drops soft hyphens and zero-width characters (pasted from Word) instead of drawing them', () => {
    const spans = spansOf(['för\u00adbunds\u200bdirektör\ufeff'], fonts);
    expect(
      breakLines(spans, 400, 10, fonts)[0]
        .fragments.map((f) => f.text)
        .join(''),
    ).toBe('förbundsdirektör');
  });

  it('honours hard line breaks and returns one empty line for empty text', () => {
    expect(breakLines([{ text: 'Medlemskommunerna\nEkonomienheten', style: 'regular' }], 400, 10, fonts).length).toBe(2);
    expect(breakLines([{ text: '', style: 'regular' }], 400, 10, fonts)).toEqual([{ fragments: [], width: 0, spaceAfter: false }]);
  });
});
