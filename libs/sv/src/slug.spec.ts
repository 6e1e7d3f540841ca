import { slugSv } from './slug';

describe(slugSv.name, () => {
  it.each([
    ['Kommunstyrelsen', 'kommunstyrelsen'],
    ['Bygg- och miljönämnden', 'bygg-och-miljonamnden'],
    ['Socialnämndens arbetsutskott (AU)', 'socialnamndens-arbetsutskott-au'],
    ['  Ålands Ärende-Överförmyndare  ', 'alands-arende-overformyndare'],
    ['Café & kultur', 'cafe-kultur'],
    ['§§§', ''],
  ])('%s → %s', (name, slug) => expect(slugSv(name)).toBe(slug));

  it('keeps to 64 characters and never ends on a dash', () => {
    const s = slugSv(`${'a'.repeat(63)} b`);
    expect(s).toBe('a'.repeat(63));
    expect(slugSv('x'.repeat(100))).toHaveLength(64);
  });
});
