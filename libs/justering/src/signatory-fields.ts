/**
 * Field-level checks of the signatories a secretary enters (the upload form, the metadata of an
 * uploaded protocol, a substitute during the round). Each problem names its field
 * (`signatories.1.email`) so a form can show it beside the input; the API answers with the same list.
 * The composition rule (one sekreterare, one ordförande, one or two justerare) is `orderSignatories`,
 * checked when the round starts; `complete: true` checks it here too.
 */
import type { SignerRole } from './round';

export interface FieldIssue {
  path: string;
  message: string;
}

export interface SignatoryFields {
  role: SignerRole;
  name: string;
  email?: string;
}

export interface SubstituteFields {
  name: string;
  email?: string;
}

const ROLES: readonly string[] = ['sekreterare', 'ordforande', 'justerare'];
/** The same shape `orderSignatories` accepts. */
export const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export function emailIssue(email: unknown, required: boolean): string | null {
  if (email === undefined || email === null || (typeof email === 'string' && email.trim() === ''))
    return required ? 'Ange en e-postadress.' : null;
  if (typeof email !== 'string' || email.length > 254 || !EMAIL_PATTERN.test(email.trim()))
    return 'Ange en giltig e-postadress, t.ex. namn@kommun.se.';
  return null;
}

function nameIssue(name: unknown): string | null {
  if (typeof name !== 'string' || !name.trim()) return 'Ange ett namn.';
  if (name.length > 200) return 'Namnet får vara högst 200 tecken.';
  return null;
}

/** Problems of a list of signatories, each with its field path under `prefix`. */
export function signatoryFieldIssues(input: unknown, opts: { complete?: boolean; prefix?: string } = {}): FieldIssue[] {
  const prefix = opts.prefix ?? 'signatories';
  if (!Array.isArray(input)) return [{ path: prefix, message: 'Undertecknarna ska vara en lista.' }];
  if (input.length > 4) return [{ path: prefix, message: 'Högst fyra undertecknare: sekreterare, ordförande och en eller två justerare.' }];
  const issues: FieldIssue[] = [];
  input.forEach((s: unknown, i) => {
    const o = (s && typeof s === 'object' ? s : {}) as Record<string, unknown>;
    if (typeof o.role !== 'string' || !ROLES.includes(o.role))
      issues.push({ path: `${prefix}.${i}.role`, message: 'Välj roll: sekreterare, ordförande eller justerare.' });
    const n = nameIssue(o.name);
    if (n) issues.push({ path: `${prefix}.${i}.name`, message: n });
    const e = emailIssue(o.email, opts.complete === true);
    if (e) issues.push({ path: `${prefix}.${i}.email`, message: e });
  });
  const seen = new Map<string, number>();
  input.forEach((s: unknown, i) => {
    const email = (s as { email?: unknown } | null)?.email;
    if (typeof email !== 'string' || !email.trim()) return;
    const key = email.trim().toLowerCase();
    if (seen.has(key)) issues.push({ path: `${prefix}.${i}.email`, message: 'Två undertecknare kan inte ha samma e-postadress.' });
    else seen.set(key, i);
  });
  if (opts.complete) {
    const count = (r: string) => input.filter((s: unknown) => (s as { role?: unknown } | null)?.role === r).length;
    if (count('sekreterare') !== 1) issues.push({ path: prefix, message: 'Exakt en sekreterare krävs.' });
    if (count('ordforande') !== 1) issues.push({ path: prefix, message: 'Exakt en ordförande krävs.' });
    if (count('justerare') < 1 || count('justerare') > 2) issues.push({ path: prefix, message: 'En eller två justerare krävs.' });
  }
  return issues;
}

/** Problems of the substitutes (ersättare) listed for the round. */
export function substituteFieldIssues(input: unknown, prefix = 'substitutes'): FieldIssue[] {
  if (!Array.isArray(input)) return [{ path: prefix, message: 'Ersättarna ska vara en lista.' }];
  if (input.length > 10) return [{ path: prefix, message: 'Högst tio ersättare.' }];
  const issues: FieldIssue[] = [];
  input.forEach((s: unknown, i) => {
    const o = (s && typeof s === 'object' ? s : {}) as Record<string, unknown>;
    const n = nameIssue(o.name);
    if (n) issues.push({ path: `${prefix}.${i}.name`, message: n });
    const e = emailIssue(o.email, false);
    if (e) issues.push({ path: `${prefix}.${i}.email`, message: e });
  });
  return issues;
}
