import { auditedIdentity, fromStored, storedIdentity, StoredIdentityError } from './stored';
import type { VerifiedIdentity } from './identity-provider';

const verified: VerifiedIdentity = {
  provider: 'BankID',
  iss: 'https://idp.example',
  sub: 'abc',
  name: 'Åsa Maria Öberg',
  givenName: 'Åsa Maria',
  familyName: 'Öberg',
  personalNumberHash: 'f'.repeat(64),
  authTime: new Date('2026-12-06T10:00:00Z'),
  acr: 'http://id.elegnamnden.se/loa/1.0/loa3',
};

describe('stored identity', () => {
  it('round-trips through JSON, as a string or parsed', () => {
    const json = JSON.stringify(storedIdentity(verified));
    expect(fromStored(json)).toEqual(verified);
    expect(fromStored(JSON.parse(json))).toEqual(verified);
  });

  it('keeps null authTime and acr and leaves out absent optional names', () => {
    const i = fromStored(JSON.stringify({ provider: 'Freja', iss: 'https://f', sub: 's', name: 'Per Lind', authTime: null, acr: null }));
    expect(i).toEqual({ provider: 'Freja', iss: 'https://f', sub: 's', name: 'Per Lind', authTime: null, acr: null });
    expect('givenName' in i).toBe(false);
  });

  it('never keeps extra fields (the verified claims beyond the record, a token pasted in)', () => {
    const i = fromStored({ ...storedIdentity(verified), idToken: 'eyJ…', extra: { x: 1 } });
    expect(Object.keys(i).sort()).toEqual([
      'acr',
      'authTime',
      'familyName',
      'givenName',
      'iss',
      'name',
      'personalNumberHash',
      'provider',
      'sub',
    ]);
  });

  it.each([
    ['not JSON', '{"provider":'],
    ['an array', '[]'],
    ['null', 'null'],
    ['a number', '42'],
    ['a missing name', JSON.stringify({ provider: 'BankID', iss: 'i', sub: 's', authTime: null, acr: null })],
    ['an empty name', JSON.stringify({ provider: 'BankID', iss: 'i', sub: 's', name: '  ', authTime: null, acr: null })],
    ['a name that is not a string', JSON.stringify({ provider: 'BankID', iss: 'i', sub: 's', name: ['Per'], authTime: null, acr: null })],
    ['a missing provider', JSON.stringify({ iss: 'i', sub: 's', name: 'Per Lind', authTime: null, acr: null })],
    ['an empty sub', JSON.stringify({ provider: 'BankID', iss: 'i', sub: '', name: 'Per Lind', authTime: null, acr: null })],
    [
      'an authTime that is no time',
      JSON.stringify({ provider: 'BankID', iss: 'i', sub: 's', name: 'Per Lind', authTime: 'igår', acr: null }),
    ],
    ['an authTime number', JSON.stringify({ provider: 'BankID', iss: 'i', sub: 's', name: 'Per Lind', authTime: 1, acr: null })],
    ['an acr object', JSON.stringify({ provider: 'BankID', iss: 'i', sub: 's', name: 'Per Lind', authTime: null, acr: {} })],
    [
      'a givenName number',
      JSON.stringify({ provider: 'BankID', iss: 'i', sub: 's', name: 'Per Lind', givenName: 3, authTime: null, acr: null }),
    ],
  ])('refuses %s', (_what, json) => {
    expect(() => fromStored(json)).toThrow(StoredIdentityError);
  });

  it('audits neither the personal-number hash nor the split names', () => {
    expect(auditedIdentity(verified)).toEqual({
      provider: 'BankID',
      iss: 'https://idp.example',
      sub: 'abc',
      name: 'Åsa Maria Öberg',
      authTime: '2026-12-06T10:00:00.000Z',
      acr: 'http://id.elegnamnden.se/loa/1.0/loa3',
    });
  });
});
