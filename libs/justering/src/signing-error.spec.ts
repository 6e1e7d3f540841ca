import { signingErrorSv } from './signing-error';

describe(signingErrorSv.name, () => {
  it.each([
    ['TsaError: the TSA answered HTTP 500', 'tidsstämpeltjänsten svarade med ett fel (HTTP-status 500)'],
    ['TsaError: the TSA did not answer in time', 'tidsstämpeltjänsten svarade inte i tid'],
    ['TsaError: the TSA refused the request (PKIStatus 2)', 'tidsstämpeltjänsten vägrade att ge en tidsstämpel'],
    ['TSA: connect ECONNREFUSED 127.0.0.1:9', 'tidsstämpeltjänsten gick inte att nå'],
    ['TsaError: the token carries another nonce', 'tidsstämpeltjänsten gav inget användbart svar'],
    ['connect ECONNREFUSED 10.0.0.1:5432', 'en tjänst som behövs för underskriften gick inte att nå'],
    ['KeystoreError: bad decrypt of the private key', 'organisationens signeringsnyckel eller certifikat kunde inte användas'],
    [
      "TypeError: Cannot read properties of undefined (reading 'x')",
      'ett tekniskt fel uppstod när underskriften skulle läggas in i PDF:en',
    ],
    [null, 'ett tekniskt fel uppstod när underskriften skulle läggas in i PDF:en'],
  ])('%s → %s (never the technical text)', (raw, sv) => {
    expect(signingErrorSv(raw)).toBe(sv);
  });
});
