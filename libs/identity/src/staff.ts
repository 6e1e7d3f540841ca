/**
 * Staff single sign-on: which Justera user a person the organisation's provider verified is
 * (docs/identity.md, "Staff single sign-on"). Pure: the api looks the user up and applies these rules.
 * A staff member is matched by e-mail address only, roles stay in Justera, and nobody is created.
 */
import type { VerifiedIdentity } from './identity-provider';

/** Why a verified person does not get a session. */
export type StaffRefusal = 'missing_claim' | 'email_not_verified' | 'unknown_account' | 'disabled';

export type StaffLoginKey = { ok: true; email: string } | { ok: false; reason: StaffRefusal; detail: string };

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}$/;

/**
 * The e-mail address to look the user up by, from the configured claim (`matchClaim`, default
 * `email`). The `email` claim is only trusted with `email_verified` true: a provider that lets people
 * type their own address would otherwise let anyone claim an admin's address. Another claim (Entra
 * ID's `preferred_username`, AD FS's `upn`) is one the organisation's directory sets, so it is taken
 * as it is; it must still hold an e-mail address.
 */
export function staffLoginKey(identity: Pick<VerifiedIdentity, 'extra'>, matchClaim: string): StaffLoginKey {
  const claims = identity.extra ?? {};
  const raw = claims[matchClaim];
  const value = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (!value) return { ok: false, reason: 'missing_claim', detail: `no "${matchClaim}" claim` };
  if (value.length > 254 || !EMAIL.test(value))
    return { ok: false, reason: 'missing_claim', detail: `the "${matchClaim}" claim is not an e-mail address` };
  if (matchClaim === 'email') {
    const verified = claims.email_verified;
    if (verified !== true && verified !== 'true') return { ok: false, reason: 'email_not_verified', detail: 'email_verified is not true' };
  }
  return { ok: true, email: value };
}

export interface StaffAccount {
  email: string;
  disabled: boolean;
}

/** The user found by that address may log in: it exists and is not deactivated. */
export function matchStaffUser<T extends StaffAccount>(
  email: string,
  user: T | null,
): { ok: true; user: T } | { ok: false; reason: StaffRefusal; detail: string } {
  if (!user || user.email.trim().toLowerCase() !== email)
    return { ok: false, reason: 'unknown_account', detail: 'no Justera user has this address' };
  if (user.disabled) return { ok: false, reason: 'disabled', detail: 'the user is deactivated' };
  return { ok: true, user };
}

const TEXT_SV: Record<StaffRefusal, string> = {
  missing_claim: 'Organisationens inloggning lämnade ingen e-postadress som Justera kan känna igen dig på. Kontakta administratören.',
  email_not_verified: 'Organisationens inloggning har inte bekräftat din e-postadress. Kontakta administratören.',
  unknown_account: 'Ditt konto finns inte i Justera. Kontakta administratören för att få ett konto.',
  disabled: 'Ditt konto i Justera är avstängt. Kontakta administratören.',
};

/** The Swedish sentence a staff member reads for a refusal. */
export function staffRefusalText(reason: StaffRefusal): string {
  return TEXT_SV[reason];
}
