/**
 * Why appending a signature failed, in Swedish for the secretary (the dashboard and the mail
 * "Underskrifterna dröjer"). The stored error (`signing_error`, the audit event `signing.failed`, the
 * worker's log) stays the technical text for IT; a page or a mail never shows it.
 */
export function signingErrorSv(error: string | null | undefined): string {
  const e = error ?? '';
  const tsa = /\bTSA\b|TsaError|time-?stamp/i.test(e);
  const unreachable = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket hang up|fetch failed/i.test(e);
  if (tsa && /did not answer in time|timeout|timed out|ETIMEDOUT/i.test(e)) return 'tidsstämpeltjänsten svarade inte i tid';
  const http = /HTTP (\d{3})/.exec(e);
  if (tsa && http) return `tidsstämpeltjänsten svarade med ett fel (HTTP-status ${http[1]})`;
  if (tsa && /refused the request|PKIStatus/i.test(e)) return 'tidsstämpeltjänsten vägrade att ge en tidsstämpel';
  if (unreachable) return tsa ? 'tidsstämpeltjänsten gick inte att nå' : 'en tjänst som behövs för underskriften gick inte att nå';
  if (tsa) return 'tidsstämpeltjänsten gav inget användbart svar';
  if (/keystore|private key|certificate|certifikat|nyckel/i.test(e))
    return 'organisationens signeringsnyckel eller certifikat kunde inte användas';
  return 'ett tekniskt fel uppstod när underskriften skulle läggas in i PDF:en';
}
