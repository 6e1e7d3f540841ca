import { DomainError, ERROR_CODES } from '@justera/application';
import { HTTP_STATUS_OF, httpStatusOf } from './errors';

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
