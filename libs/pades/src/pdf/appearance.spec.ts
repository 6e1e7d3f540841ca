import { PdfRef } from '@justera/pdf-reader';
import { formatStockholm, signatureAppearanceContent, signatureAppearanceLines } from './appearance';
import { SubsetFont } from './font';

describe(signatureAppearanceLines.name, () => {
  it.each([
    ['2025-03-05T09:00:00Z', '2025-03-05 10:00:00'], // CET, UTC+1
    ['2025-06-19T22:30:00Z', '2025-06-20 00:30:00'], // CEST, UTC+2, crosses midnight
    ['2025-03-30T00:59:59Z', '2025-03-30 01:59:59'], // just before the spring change
    ['2025-03-30T01:00:00Z', '2025-03-30 03:00:00'], // just after it
    ['2025-10-26T00:30:00Z', '2025-10-26 02:30:00'], // first 02:30 in autumn (CEST)
    ['2025-10-26T01:30:00Z', '2025-10-26 02:30:00'], // second 02:30 (CET)
  ])('shows %s as %s Swedish time', (iso, expected) => {
    expect(formatStockholm(new Date(iso))).toBe(expected);
  });

  it('lists name, role, time, identification, transaction id and the SHA-256 in two halves', () => {
    const sha = 'a'.repeat(32) + 'b'.repeat(32);
    const lines = signatureAppearanceLines({
      name: 'Åsa Öberg',
      role: 'Ordförande',
      signedAt: new Date('2025-03-05T09:00:00Z'),
      transactionId: 'tx-1',
      documentSha256: sha,
      identification: 'Identifierad: personlig länk via e-post',
    });
    expect(lines).toEqual([
      'Åsa Öberg',
      'Ordförande',
      'Signerat digitalt 2025-03-05 10:00:00',
      'Identifierad: personlig länk via e-post',
      'Transaktions-id: tx-1',
      `SHA-256: ${'a'.repeat(32)}`,
      'b'.repeat(32),
    ]);
  });
});

describe(signatureAppearanceContent.name, () => {
  it('encodes text as two-byte CIDs of the embedded subset, the same character always alike', () => {
    const font = new SubsetFont(new PdfRef(1, 0));
    const hex = font.encode('åäöå');
    expect(hex).toMatch(/^<([0-9a-f]{4}){4}>$/);
    const cids = hex.slice(1, -1).match(/.{4}/g)!;
    expect(new Set(cids).size).toBe(3);
    expect(cids[0]).toBe(cids[3]);
    expect(font.width('Å', 10)).toBeGreaterThan(0);
    // A character Noto Sans lacks is drawn as "?".
    expect(font.encode('\u{1F600}')).toBe(font.encode('?'));
  });

  it('shrinks a line that is wider than the box', () => {
    const long = 'x'.repeat(200);
    const font = new SubsetFont(new PdfRef(1, 0));
    const content = signatureAppearanceContent(['Kort', long], 250, 110, font);
    const sizes = [...content.matchAll(/\/JF1 ([\d.]+) Tf/g)].map((m) => Number(m[1]));
    expect(sizes[1]).toBeLessThan(sizes[0]);
    expect(font.width(long, sizes[1])).toBeLessThanOrEqual(250);
  });
});
