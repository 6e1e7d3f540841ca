import { lastModifiedHeader, latest, notModified, weakEtag } from './conditional';

describe('conditional requests', () => {
  const v = { etag: weakEtag(['board', 1]), lastModified: new Date('2026-12-06T10:00:00.400Z') };

  it('makes a weak ETag that changes with any part', () => {
    expect(v.etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    expect(weakEtag(['board', 1])).toBe(v.etag);
    expect(weakEtag(['board', 2])).not.toBe(v.etag);
  });

  it.each([
    [{ 'if-none-match': v.etag }, true],
    [{ 'if-none-match': v.etag.replace('W/', '') }, true], // weak comparison
    [{ 'if-none-match': `W/"other", ${v.etag}` }, true],
    [{ 'if-none-match': '*' }, true],
    [{ 'if-none-match': 'W/"other"' }, false],
    // If-None-Match decides when present, If-Modified-Since is then ignored
    [{ 'if-none-match': 'W/"other"', 'if-modified-since': 'Sun, 06 Dec 2026 11:00:00 GMT' }, false],
    [{ 'if-modified-since': 'Sun, 06 Dec 2026 10:00:00 GMT' }, true],
    [{ 'if-modified-since': 'Sun, 06 Dec 2026 09:59:59 GMT' }, false],
    [{ 'if-modified-since': 'not a date' }, false],
    [{}, false],
  ])('%j → 304: %s', (headers, expected) => {
    expect(notModified(headers, v)).toBe(expected);
  });

  it('sends no Last-Modified within the second of the change, and never a future one', () => {
    expect(lastModifiedHeader(v.lastModified, new Date('2026-12-06T10:00:01.000Z'))).toBeNull();
    expect(lastModifiedHeader(v.lastModified, new Date('2026-12-06T10:00:01.400Z'))).toBe('Sun, 06 Dec 2026 10:00:00 GMT');
    expect(lastModifiedHeader(new Date('2027-01-20T00:00:00Z'), new Date('2026-12-06T10:00:02Z'))).toBe('Sun, 06 Dec 2026 10:00:02 GMT');
  });

  it('takes the latest instant', () => {
    expect(latest(null, new Date(5), undefined, new Date(3)).getTime()).toBe(5);
    expect(latest().getTime()).toBe(0);
  });
});
