import { MaxRetriesPerRequestError } from 'ioredis/built/errors';
import { isRedisUnavailable } from './process-runner';

describe(isRedisUnavailable.name, () => {
  it('recognises the rejections of ioredis commands given up during an outage, and nothing else', () => {
    expect(isRedisUnavailable(new MaxRetriesPerRequestError(1))).toBe(true);
    expect(isRedisUnavailable(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isRedisUnavailable(new Error('Connection is closed.'))).toBe(true);
    expect(isRedisUnavailable(new Error('relation "users" does not exist'))).toBe(false);
    expect(isRedisUnavailable(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isRedisUnavailable('MaxRetriesPerRequestError')).toBe(false);
  });
});
