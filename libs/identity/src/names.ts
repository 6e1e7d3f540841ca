/**
 * The forgiving name comparison between a signatory's name (typed by the secretary) and the name a
 * provider verified (docs/identity.md, "Name comparison"). Rules:
 *
 * 1. Both names are normalised: Unicode NFKD with the combining marks removed (so é = e, ö = o,
 *    å = a, ü = u), lower case, hyphens, periods, commas and apostrophes become spaces, runs of space
 *    collapse. "Anna-Karin Öberg" and "anna karin oberg" are equal after this step.
 * 2. The family name must agree: the signatory's last word must be one of the verified family name's
 *    words (when the provider gives family_name, so a double family name "Berg Lind" accepts "Berg"
 *    and "Lind"), or else equal the verified name's last word.
 * 3. At least one given name must agree: one of the signatory's other words must be one of the
 *    verified given names (given_name, or the verified name's words before its last). Middle names
 *    may be left out or added on either side: "Karl Erik Svensson" accepts "Erik Svensson" and
 *    "Karl Svensson".
 * 4. Nothing else is forgiven: no initials, no nicknames, no spelling distance. A signatory entered
 *    with a single word never matches. A wrong name stops the signer and the secretary is told (who
 *    can correct the signatory with "replace" when it is a typing mistake).
 */

/** Normalised words of a name (rule 1). */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2010-\u2015\-.,'’`´]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

export interface VerifiedName {
  name: string;
  givenName?: string;
  familyName?: string;
}

/** Whether a signatory's name matches the verified person's name (rules 2–4 above). */
export function namesMatch(signatoryName: string, verified: VerifiedName): boolean {
  const wanted = nameWords(signatoryName);
  if (wanted.length < 2) return false;
  const full = nameWords(verified.name);
  const family = verified.familyName ? nameWords(verified.familyName) : [];
  const given = verified.givenName ? nameWords(verified.givenName) : [];
  const familyWords = family.length ? family : full.slice(-1);
  const givenWords = given.length ? given : full.slice(0, -1);
  if (!familyWords.length || !givenWords.length) return false;
  const last = wanted[wanted.length - 1];
  if (!familyWords.includes(last)) return false;
  return wanted.slice(0, -1).some((w) => givenWords.includes(w));
}
