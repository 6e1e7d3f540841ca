import { srgbIccProfile } from './icc';

describe(srgbIccProfile.name, () => {
  const icc = Buffer.from(srgbIccProfile());

  it('has a well-formed ICC v2 display profile header', () => {
    expect(icc.readUInt32BE(0)).toBe(icc.length);
    expect(icc.readUInt32BE(8)).toBe(0x02100000);
    expect(icc.toString('latin1', 12, 24)).toBe('mntrRGB XYZ ');
    expect(icc.toString('latin1', 36, 40)).toBe('acsp');
    // PCS illuminant D50 as s15Fixed16
    expect([icc.readInt32BE(68), icc.readInt32BE(72), icc.readInt32BE(76)]).toEqual([0xf6d6, 0x10000, 0xd32d]);
  });

  it('has the tags a v2 RGB display profile requires, inside the file and 4-byte aligned', () => {
    const count = icc.readUInt32BE(128);
    const tags = new Map<string, [number, number]>();
    for (let i = 0; i < count; i++) {
      const at = 132 + 12 * i;
      tags.set(icc.toString('latin1', at, at + 4), [icc.readUInt32BE(at + 4), icc.readUInt32BE(at + 8)]);
    }
    expect([...tags.keys()].sort()).toEqual(['bTRC', 'bXYZ', 'cprt', 'desc', 'gTRC', 'gXYZ', 'rTRC', 'rXYZ', 'wtpt']);
    for (const [sig, [off, size]] of tags) {
      expect(off % 4).toBe(0);
      expect(off + size).toBeLessThanOrEqual(icc.length);
      const type = icc.toString('latin1', off, off + 4);
      expect(type).toBe({ desc: 'desc', cprt: 'text', rTRC: 'curv', gTRC: 'curv', bTRC: 'curv' }[sig] ?? 'XYZ ');
    }
    // The tone curve is monotonic from 0 to 65535.
    const [off] = tags.get('rTRC')!;
    const n = icc.readUInt32BE(off + 8);
    const values = Array.from({ length: n }, (_, i) => icc.readUInt16BE(off + 12 + 2 * i));
    expect(values[0]).toBe(0);
    expect(values[n - 1]).toBe(65535);
    for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  });

  it('primaries sum to the D50 white point (a valid matrix/TRC profile)', () => {
    const xyz = (sig: string): number[] => {
      const count = icc.readUInt32BE(128);
      for (let i = 0; i < count; i++) {
        const at = 132 + 12 * i;
        if (icc.toString('latin1', at, at + 4) === sig) {
          const off = icc.readUInt32BE(at + 4);
          return [0, 1, 2].map((k) => icc.readInt32BE(off + 8 + 4 * k) / 65536);
        }
      }
      throw new Error(sig);
    };
    const [r, g, b] = [xyz('rXYZ'), xyz('gXYZ'), xyz('bXYZ')];
    const w = xyz('wtpt');
    for (let k = 0; k < 3; k++) expect(r[k] + g[k] + b[k]).toBeCloseTo(w[k], 3);
  });
});
