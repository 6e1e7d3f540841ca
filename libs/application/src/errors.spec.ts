import { DomainError, ERROR_CODES, ERROR_TEXT_SV, invalidRequest, notFound } from './errors';
import { actorOf, normaliseActor } from './unit-of-work';

describe(DomainError.name, () => {
  it('takes the Swedish default text of its code, or the text given', () => {
    expect(new DomainError('link_expired').message).toBe('Länken har gått ut.');
    expect(new DomainError('not_your_turn', 'Det är inte din tur att signera ännu.').message).toBe('Det är inte din tur att signera ännu.');
    expect(notFound('Protokollet')).toMatchObject({ code: 'not_found', message: 'Protokollet finns inte.' });
    expect(invalidRequest('x', [{ path: 'a' }])).toMatchObject({ code: 'invalid_request', details: [{ path: 'a' }] });
  });

  it('has a non-empty Swedish text for every code', () => {
    for (const code of ERROR_CODES) expect(ERROR_TEXT_SV[code].length).toBeGreaterThan(5);
  });
});

describe('actors', () => {
  const principal = { userId: 'u1', organisationId: 'o', role: 'sekreterare' as const, organIds: [] };
  it('writes user:<id> for a session and apikey:<id> for an API key', () => {
    expect(actorOf({ principal, via: 'session' })).toBe('user:u1');
    expect(actorOf({ principal, via: 'apiKey' })).toBe('apikey:u1');
    // The api's principal of an API key is `apikey:<key id>` already.
    expect(actorOf({ principal: { ...principal, userId: 'apikey:k1' }, via: 'apiKey' })).toBe('apikey:k1');
  });
  it('reads the bare user ids of older anslag rows as user:<id>', () => {
    expect(normaliseActor('3f2b8c1e-1234-4abc-9def-0123456789ab')).toBe('user:3f2b8c1e-1234-4abc-9def-0123456789ab');
    expect(normaliseActor('system')).toBe('system');
    expect(normaliseActor('apikey:x')).toBe('apikey:x');
  });
});
