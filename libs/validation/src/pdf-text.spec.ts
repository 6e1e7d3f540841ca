import { decodePdfText, sameText } from './pdf-text';

const utf16 = (s: string): Buffer => {
  const b = Buffer.alloc(2 + s.length * 2);
  b[0] = 0xfe;
  b[1] = 0xff;
  for (let i = 0; i < s.length; i++) b.writeUInt16BE(s.charCodeAt(i), 2 + i * 2);
  return b;
};
const utf8 = (s: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]);

describe(decodePdfText.name, () => {
  it.each([
    ['plain ASCII', Buffer.from('Anteckning'), 'Anteckning'],
    ['Latin-1 range (å, ä, ö)', Buffer.from('Sista dag för överklagande', 'latin1'), 'Sista dag för överklagande'],
    ['PDFDocEncoding specials (0x84 em dash, 0x8D/0x8E quotes, 0xA0 euro)', Buffer.from([0x41, 0x84, 0x8d, 0x42, 0x8e, 0xa0]), 'A—“B”€'],
    ['UTF-16BE with BOM', utf16('Datum då anslaget sätts upp'), 'Datum då anslaget sätts upp'],
    ['UTF-16BE surrogate pair', utf16('🙂'), '🙂'],
    ['UTF-8 with BOM (PDF 2.0)', utf8('Nedtagande — datum'), 'Nedtagande — datum'],
  ])('%s', (_name, bytes, text) => {
    expect(decodePdfText(bytes)).toBe(text);
  });

  it('undefined bytes and broken encodings decode to nothing (compared byte for byte)', () => {
    expect(decodePdfText(Buffer.from([0x41, 0x9f]))).toBeUndefined();
    expect(decodePdfText(Buffer.from([0xfe, 0xff, 0x00]))).toBeUndefined();
    expect(decodePdfText(Buffer.from([0xef, 0xbb, 0xbf, 0xc3]))).toBeUndefined();
  });
});

describe(sameText.name, () => {
  it('the same text in PDFDocEncoding, UTF-16BE and UTF-8 is the same', () => {
    const t = 'Datum då anslaget sätts upp – “ANSLAG”';
    const pdfDoc = Buffer.from(t.replace('–', '\x85').replace('“', '\x8d').replace('”', '\x8e'), 'latin1');
    expect(sameText(pdfDoc, utf16(t))).toBe(true);
    expect(sameText(utf16(t), utf8(t))).toBe(true);
    expect(sameText(pdfDoc, utf8(t))).toBe(true);
  });

  it('different text is different, whatever the encoding', () => {
    expect(sameText(Buffer.from('Ja'), utf16('Nej'))).toBe(false);
    expect(sameText(Buffer.from('ja'), Buffer.from('Ja'))).toBe(false);
    // a latin1 reading of 0x84 would be U+0084, not the em dash: the encodings are told apart properly
    expect(sameText(Buffer.from([0x84]), utf16('\u0084'))).toBe(false);
  });
});
