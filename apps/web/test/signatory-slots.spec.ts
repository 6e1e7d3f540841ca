/** The forms' four signatory slots, filled from a protocol's list of signatories in any order. */
import { signatorySlots, slotOf } from '../src/components/MetadataForm';

describe(signatorySlots.name, () => {
  it('fills sekreterare, ordförande, justerare 1 and 2 by role, keeping other keys, whatever the order', () => {
    const list = [
      { role: 'justerare' as const, name: 'J1', email: 'j1@x.se' },
      { role: 'ordforande' as const, name: 'O' },
      { role: 'sekreterare' as const, name: 'S', email: 's@x.se', id: 7 },
      { role: 'justerare' as const, name: 'J2', email: 'j2@x.se' },
      { role: 'justerare' as const, name: 'J3', email: 'j3@x.se' },
    ];
    expect(signatorySlots(list)).toEqual([
      { role: 'sekreterare', name: 'S', email: 's@x.se', id: 7 },
      { role: 'ordforande', name: 'O', email: '' },
      { role: 'justerare', name: 'J1', email: 'j1@x.se' },
      { role: 'justerare', name: 'J2', email: 'j2@x.se' },
    ]);
    // The slot each one is shown in; the third justerare has none.
    expect(list.map((_, i) => slotOf(list, i))).toEqual([2, 1, 0, 3, undefined]);
  });

  it('leaves a slot empty when nobody has its role', () => {
    expect(signatorySlots([{ role: 'justerare', name: 'J' }]).map((s) => `${s.role}:${s.name}`)).toEqual([
      'sekreterare:',
      'ordforande:',
      'justerare:J',
      'justerare:',
    ]);
  });
});
