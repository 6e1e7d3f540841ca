import { formatStockholm, signatureAppearanceContent, signatureAppearanceLines, textWidth, winAnsiHex } from './appearance';

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
      identifiedBy: 'personlig länk via e-post',
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
  it('encodes Swedish letters in WinAnsi and replaces what WinAnsi lacks', () => {
    expect(winAnsiHex('åäöÅÄÖé')).toBe('<E5E4F6C5C4D6E9>');
    expect(winAnsiHex('€–')).toBe('<8096>');
    expect(winAnsiHex('Ω')).toBe('<3F>');
  });

  it('shrinks a line that is wider than the box', () => {
    const long = 'x'.repeat(200);
    const content = signatureAppearanceContent(['Kort', long], 250, 110);
    const sizes = [...content.matchAll(/\/JHelv ([\d.]+) Tf/g)].map((m) => Number(m[1]));
    expect(sizes[1]).toBeLessThan(sizes[0]);
    expect(textWidth(long, sizes[1])).toBeLessThanOrEqual(250);
  });
});
