import { DomainError, ERROR_CODES } from '@justera/application';
import { HTTP_STATUS_OF, httpStatusOf, swedishMessage } from './errors';

describe('HTTP_STATUS_OF', () => {
  it('maps every domain error code to a 4xx status', () => {
    for (const code of ERROR_CODES) {
      expect(HTTP_STATUS_OF[code]).toBeGreaterThanOrEqual(400);
      expect(HTTP_STATUS_OF[code]).toBeLessThan(500);
    }
  });
  it('keeps the statuses clients rely on', () => {
    expect(httpStatusOf(new DomainError('not_found'))).toBe(404);
    expect(httpStatusOf(new DomainError('invalid_signatories'))).toBe(400);
    expect(httpStatusOf(new DomainError('not_your_turn'))).toBe(409);
    expect(httpStatusOf(new DomainError('too_many_attempts'))).toBe(429);
    expect(httpStatusOf(new DomainError('unsupported_media_type'))).toBe(415);
  });
});

describe(swedishMessage.name, () => {
  const page = { method: 'GET', path: '/protokoll' };
  it("says Nest's router 404 in Swedish, naming the address (an API path as such)", () => {
    expect(swedishMessage(404, 'Cannot GET /protokoll', page)).toBe('Det finns ingen sida på adressen /protokoll.');
    expect(swedishMessage(404, 'Cannot POST /api/nope', { method: 'POST', path: '/api/nope' })).toBe(
      'Det finns ingen sådan adress i API:t: POST /api/nope.',
    );
    const long = `/${'a'.repeat(5000)}`;
    expect(swedishMessage(404, `Cannot GET ${long}`, { method: 'GET', path: long }).length).toBeLessThan(200);
  });
  it("says the built-in pipes' messages in Swedish", () => {
    expect(swedishMessage(400, 'Validation failed (uuid is expected)', page)).toBe(
      'Ogiltigt id: adressen innehåller inget giltigt id (UUID).',
    );
    expect(swedishMessage(400, 'Validation failed (numeric string is expected)', page)).toBe('Ogiltigt värde: ett heltal förväntas.');
    expect(swedishMessage(400, 'Validation failed (something else is expected)', page)).toBe('Ogiltigt värde i adressen.');
  });
  it("says Nest's, the throttler's and multer's defaults in Swedish, and keeps our own messages", () => {
    expect(swedishMessage(403, 'Forbidden resource', page)).toBe('Du har inte behörighet till det här.');
    expect(swedishMessage(413, 'File too large', page)).toBe('Filen är för stor.');
    expect(swedishMessage(429, 'ThrottlerException: Too Many Requests', page)).toMatch(/^För många förfrågningar/);
    expect(swedishMessage(404, 'Filen finns inte.', page)).toBe('Filen finns inte.');
  });
});

describe('a bad percent-encoding in the address', () => {
  it('is said in Swedish', () => {
    expect(swedishMessage(400, "Failed to decode param '%FF'", { method: 'GET', path: '/sign/%FF' })).toBe(
      'Adressen innehåller en ogiltig teckenkodning (%-kodning).',
    );
  });
});
