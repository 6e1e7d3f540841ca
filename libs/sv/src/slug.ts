/**
 * A URL name (a–z, 0–9 and "-", at most 64 characters) from a Swedish name: "Bygg- och miljönämnden" →
 * "bygg-och-miljonamnden". Letters with diacritics lose them (å, ä → a; ö → o; é → e); every other run of
 * characters becomes one "-". Empty when nothing usable is left.
 */
export function slugSv(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 64)
    .replace(/^-+|-+$/g, '');
}
