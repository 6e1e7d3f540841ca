import { nameWords, namesMatch } from './names';

describe(namesMatch.name, () => {
  it.each([
    // [signatory as typed, verified name, given, family, match]
    ['Anna Berg', 'Anna Berg', undefined, undefined, true],
    ['anna berg', 'ANNA BERG', undefined, undefined, true],
    ['Åsa Öberg', 'Asa Oberg', undefined, undefined, true],
    ['Rene Lefevre', 'René Lefèvre', undefined, undefined, true],
    ['Anna-Karin Ek', 'Anna Karin Ek', undefined, undefined, true],
    ['Erik Svensson', 'Karl Erik Svensson', undefined, undefined, true],
    ['Karl Svensson', 'Karl Erik Svensson', undefined, undefined, true],
    ['Karl Erik Svensson', 'Erik Svensson', undefined, undefined, true],
    ['Anna Berg', 'Anna Berg Lind', 'Anna', 'Berg Lind', true],
    ['Anna Lind', 'Anna Berg Lind', 'Anna', 'Berg Lind', true],
    ['Anna Berg Lind', 'Anna Berg Lind', 'Anna', 'Berg Lind', true],
    ['Per Olsson', 'Pelle Olsson', undefined, undefined, false],
    ['Anna Berg', 'Anna Bergh', undefined, undefined, false],
    ['Anna Berg', 'Berit Berg', undefined, undefined, false],
    ['Anna Berg', 'Berg Anna', undefined, undefined, false],
    ['A. Berg', 'Anna Berg', undefined, undefined, false],
    ['Berg', 'Anna Berg', undefined, undefined, false],
    ['Anna Berg', 'Anna', undefined, undefined, false],
    ['Anna Berg', 'Anna Berg', 'Anna', 'Lind', false],
  ])('%s vs %s (given %s, family %s) → %s', (wanted, name, givenName, familyName, match) => {
    expect(namesMatch(wanted, { name, givenName, familyName })).toBe(match);
  });

  it('normalises case, diacritics, hyphens and spaces', () => {
    expect(nameWords('  Anna-Karin   ÖBERG-Lindén ')).toEqual(['anna', 'karin', 'oberg', 'linden']);
    expect(nameWords("O'Brien")).toEqual(['o', 'brien']);
  });
});
