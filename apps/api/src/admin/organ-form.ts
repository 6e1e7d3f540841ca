import { slugSv } from '@justera/sv';
import { signatoryFieldIssues, substituteFieldIssues } from '@justera/justering';
import type { FieldIssue } from './admin-audit';
import type { OrganDefaults, OrganMember, OrganPerson } from './organ-defaults';

/**
 * The organ forms of the admin pages as rules: a new organ's name, kortnamn and förvaringsplats, and
 * an organ's settings with its defaults for new protocols. Pure (unit spec beside); OrgansService
 * reads and writes.
 */

/** The signatory slots of an organ's defaults, as the form names them. */
export const SIGNATORY_SLOTS = [
  { key: 'sek', role: 'sekreterare', label: 'Sekreterare' },
  { key: 'ord', role: 'ordforande', label: 'Ordförande' },
  { key: 'jus1', role: 'justerare', label: 'Justerare 1' },
  { key: 'jus2', role: 'justerare', label: 'Justerare 2' },
] as const;

export type SignatorySlotKey = (typeof SIGNATORY_SLOTS)[number]['key'];

/** What the organ form sends. */
export interface OrganForm {
  name: string;
  storagePlace: string;
  signatories: Partial<Record<SignatorySlotKey, { name: string; email: string }>>;
  substitutes: string;
  members: string;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * A new organ from the admin page's form, as it will be stored. Left empty, the kortnamn is made from
 * the name ("Bygg- och miljönämnden" → bygg-och-miljonamnden). `slugToCheck`: the kortnamn whose
 * uniqueness the service must look up (null when the form already says what is wrong with it).
 */
export function newOrgan(
  input: { name: string; slug: string; storagePlace: string },
  issues: FieldIssue[],
): { name: string; slug: string; storagePlace: string; slugToCheck: string | null } {
  const name = input.name.trim();
  const slug = (input.slug.trim() || slugSv(name)).toLowerCase();
  const storagePlace = input.storagePlace.trim();
  if (!name) issues.push({ path: 'name', message: 'Skriv organets namn, till exempel Kommunstyrelsen.' });
  else if (name.length > 200) issues.push({ path: 'name', message: 'Namnet får vara högst 200 tecken.' });
  // With nothing typed in either field the name's message says it all.
  const checkSlug = !!(name || slug);
  const wellFormed = SLUG.test(slug);
  if (checkSlug && !wellFormed)
    issues.push({
      path: 'slug',
      message: 'Kortnamnet får bara innehålla a–z, 0–9 och bindestreck (1–64 tecken), till exempel kommunstyrelsen.',
    });
  return { name, slug, storagePlace, slugToCheck: checkSlug && wellFormed ? slug : null };
}

/** The problem of a kortnamn another organ of the organisation has: typed, or made from the name. */
export function slugTakenIssue(typedSlug: string, slug: string): FieldIssue {
  return {
    path: 'slug',
    message: typedSlug.trim()
      ? 'Det finns redan ett organ med det kortnamnet.'
      : `Det finns redan ett organ med kortnamnet ${slug}, som görs av namnet. Skriv ett annat kortnamn.`,
  };
}

/** The förvaringsplats's problem (it comes after the name's and kortnamn's in the form). */
export function storagePlaceIssue(storagePlace: string): FieldIssue | null {
  return storagePlace.length > 200 ? { path: 'storagePlace', message: 'Förvaringsplatsen får vara högst 200 tecken.' } : null;
}

/** The non-empty lines of a textarea, numbered from 1 as the user sees them. */
function lines(text: string): { text: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ text: t.trim(), line: i + 1 }))
    .filter((l) => l.text.length > 0);
}

/** The usual signatories: each slot may stay empty; no two share an address. */
function signatoriesOf(input: OrganForm, issues: FieldIssue[]): OrganDefaults['signatories'] {
  const signatories: OrganDefaults['signatories'] = [];
  const seen = new Map<string, string>();
  for (const slot of SIGNATORY_SLOTS) {
    const s = input.signatories[slot.key] ?? { name: '', email: '' };
    const person = { role: slot.role, name: s.name.trim(), email: s.email.trim() };
    if (!person.name && !person.email) continue;
    for (const issue of signatoryFieldIssues([person], { complete: true, prefix: 'x' })) {
      const field = issue.path.endsWith('.email') ? 'email' : 'name';
      if (issue.path === 'x') continue; // "exactly one sekreterare" and the like: a default may leave slots empty
      issues.push({ path: `${slot.key}_${field}`, message: `${slot.label}: ${issue.message}` });
    }
    const key = person.email.toLowerCase();
    if (key && seen.has(key))
      issues.push({ path: `${slot.key}_email`, message: `${slot.label}: samma e-postadress som ${seen.get(key)}.` });
    else if (key) seen.set(key, slot.label.toLowerCase());
    signatories.push(person);
  }
  return signatories;
}

/** The ersättare, "Namn, e-post" a line, at most ten. */
function substitutesOf(text: string, issues: FieldIssue[]): OrganPerson[] {
  const substitutes: OrganPerson[] = [];
  lines(text).forEach(({ text: t, line }) => {
    const [n = '', email = '', ...rest] = t.split(',').map((x) => x.trim());
    const person = email ? { name: n, email } : { name: n };
    const problems = rest.length
      ? [{ message: 'skriv namn och e-postadress åtskilda av ett kommatecken.' }]
      : substituteFieldIssues([person], 'x');
    for (const p of problems) issues.push({ path: 'substitutes', message: `Ersättare, rad ${line}: ${p.message}` });
    substitutes.push(person);
  });
  if (substitutes.length > 10) issues.push({ path: 'substitutes', message: 'Högst tio ersättare.' });
  return substitutes;
}

/** The members for the editor, "Namn, Parti, Kommun" a line, at most 200. */
function membersOf(text: string, issues: FieldIssue[]): OrganMember[] {
  const members: OrganMember[] = [];
  lines(text).forEach(({ text: t, line }) => {
    const [n = '', party = '', municipality = '', ...rest] = t.split(',').map((x) => x.trim());
    if (!n) issues.push({ path: 'members', message: `Ledamöter, rad ${line}: namnet saknas.` });
    else if (rest.length)
      issues.push({ path: 'members', message: `Ledamöter, rad ${line}: skriv namn, parti och kommun åtskilda av kommatecken.` });
    else if (n.length > 200 || party.length > 100 || municipality.length > 100)
      issues.push({ path: 'members', message: `Ledamöter, rad ${line}: för lång text.` });
    members.push({ name: n, ...(party ? { party } : {}), ...(municipality ? { municipality } : {}) });
  });
  if (members.length > 200) issues.push({ path: 'members', message: 'Högst 200 ledamöter.' });
  return members;
}

/**
 * An organ's name, förvaringsplats and defaults for new protocols as the form sends them: the usual
 * signatories (each slot may stay empty), their ersättare ("Namn, e-post" a line) and the members for
 * the editor ("Namn, Parti, Kommun" a line). Every problem names its field (and line).
 */
export function readOrganForm(input: OrganForm): { name: string; storagePlace: string; defaults: OrganDefaults; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const name = input.name.trim();
  const storagePlace = input.storagePlace.trim();
  if (!name) issues.push({ path: 'name', message: 'Skriv organets namn.' });
  else if (name.length > 200) issues.push({ path: 'name', message: 'Namnet får vara högst 200 tecken.' });
  const place = storagePlaceIssue(storagePlace);
  if (place) issues.push(place);
  const signatories = signatoriesOf(input, issues);
  const substitutes = substitutesOf(input.substitutes, issues);
  const members = membersOf(input.members, issues);
  return { name, storagePlace, defaults: { signatories, substitutes, members }, issues };
}

/** The form of an organ as stored (the organ page shows it before anything is typed). */
export function organFormOf(organ: { name: string; storagePlace: string | null }, d: OrganDefaults): OrganForm {
  const signatories: OrganForm['signatories'] = {};
  let justerare = 0;
  for (const s of d.signatories) {
    const key = s.role === 'sekreterare' ? 'sek' : s.role === 'ordforande' ? 'ord' : ++justerare === 1 ? 'jus1' : 'jus2';
    signatories[key] = { name: s.name, email: s.email };
  }
  return {
    name: organ.name,
    storagePlace: organ.storagePlace ?? '',
    signatories,
    substitutes: d.substitutes.map((p) => [p.name, p.email].filter(Boolean).join(', ')).join('\n'),
    members: d.members.map((m) => [m.name, m.party ?? '', m.municipality ?? ''].join(', ').replace(/(, )+$/, '')).join('\n'),
  };
}
