import { bySigningOrder } from './signing-order';

describe(bySigningOrder.name, () => {
  it('puts the sekreterare first, then the ordförande, then the justerare in their given order', () => {
    const list = [
      { role: 'justerare', name: 'J1' },
      { role: 'ordforande', name: 'O' },
      { role: 'justerare', name: 'J2' },
      { role: 'sekreterare', name: 'S' },
    ] as const;
    expect(bySigningOrder(list).map((s) => s.name)).toEqual(['S', 'O', 'J1', 'J2']);
    expect(list[0].name).toBe('J1');
  });
});
