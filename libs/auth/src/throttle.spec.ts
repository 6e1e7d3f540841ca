import fc from 'fast-check';
import {
  EMPTY_THROTTLE_STATE,
  LOGIN_PER_ACCOUNT_AND_IP,
  LOGIN_PER_IP,
  checkThrottle,
  normaliseIp,
  parseThrottleState,
  recordFailure,
  releaseFailure,
  reserveAttempt,
  throttleKey,
  ttlMs,
  type ThrottleRule,
  type ThrottleState,
} from './throttle';

const MIN = 60_000;
const T0 = Date.UTC(2025, 2, 5, 8, 0, 0);
const RULE = LOGIN_PER_ACCOUNT_AND_IP; // 10 per 15 min

function failAt(times: number[], rule: ThrottleRule = RULE, start: ThrottleState = EMPTY_THROTTLE_STATE): ThrottleState {
  return times.reduce((s, t) => recordFailure(s, t, rule), start);
}

describe(checkThrottle.name, () => {
  it('allows ten failures in 15 minutes and blocks the eleventh attempt', () => {
    let s: ThrottleState = EMPTY_THROTTLE_STATE;
    for (let i = 0; i < 10; i++) {
      const v = checkThrottle(s, T0 + i * 1000, RULE);
      expect(v).toEqual({ allowed: true, remaining: 10 - i, retryAfterMs: 0 });
      s = recordFailure(s, T0 + i * 1000, RULE);
    }
    expect(checkThrottle(s, T0 + 10_000, RULE)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 15 * MIN - 10_000 });
  });

  it('slides: the block lifts exactly when the oldest failure leaves the window, one attempt at a time', () => {
    const s = failAt(Array.from({ length: 10 }, (_, i) => T0 + i * MIN)); // one per minute, 08:00-08:09
    expect(checkThrottle(s, T0 + 15 * MIN - 1, RULE).allowed).toBe(false);
    expect(checkThrottle(s, T0 + 15 * MIN - 1, RULE).retryAfterMs).toBe(1);
    expect(checkThrottle(s, T0 + 15 * MIN, RULE)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    // A new failure at 08:15 fills the window again until 08:16.
    const s2 = recordFailure(s, T0 + 15 * MIN, RULE);
    expect(checkThrottle(s2, T0 + 15 * MIN, RULE)).toEqual({ allowed: false, remaining: 0, retryAfterMs: MIN });
    expect(checkThrottle(s2, T0 + 16 * MIN, RULE).allowed).toBe(true);
  });

  it('does not let a burst straddling a fixed-window boundary through (unlike a fixed window)', () => {
    const s = failAt(Array.from({ length: 10 }, (_, i) => T0 + 14 * MIN + i * 1000));
    expect(checkThrottle(s, T0 + 15 * MIN + 30_000, RULE).allowed).toBe(false);
  });

  it('forgets everything after a quiet window', () => {
    const s = failAt(Array.from({ length: 10 }, (_, i) => T0 + i));
    expect(checkThrottle(s, T0 + 9 + 15 * MIN, RULE)).toEqual({ allowed: true, remaining: 10, retryAfterMs: 0 });
  });

  it('treats missing or garbage state as empty and ignores future or non-numeric entries', () => {
    expect(checkThrottle(null, T0, RULE).remaining).toBe(10);
    expect(checkThrottle(undefined, T0, RULE).remaining).toBe(10);
    expect(checkThrottle({ failures: 'x' } as unknown as ThrottleState, T0, RULE).remaining).toBe(10);
    const junk = { failures: [T0 + MIN, NaN, 'a', null, T0 - 1] } as unknown as ThrottleState;
    expect(checkThrottle(junk, T0, RULE).remaining).toBe(9);
  });

  it('refuses a nonsensical rule', () => {
    expect(() => checkThrottle(null, T0, { limit: 0, windowMs: MIN })).toThrow(RangeError);
    expect(() => checkThrottle(null, T0, { limit: 3, windowMs: 0 })).toThrow(RangeError);
    expect(() => checkThrottle(null, T0, { limit: 2.5, windowMs: MIN })).toThrow(RangeError);
  });

  it('never allows more than `limit` failures inside any window (property, against a brute-force count)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 80 }),
        (limit, windowMs, gaps) => {
          const rule = { limit, windowMs };
          let s: ThrottleState = EMPTY_THROTTLE_STATE;
          let now = 0;
          const accepted: number[] = [];
          for (const g of gaps) {
            now += g;
            const v = checkThrottle(s, now, rule);
            // Reference: count accepted (and therefore failed) attempts in (now - window, now].
            const inWindow = accepted.filter((t) => t > now - windowMs).length;
            if (v.allowed !== inWindow < limit) return false;
            if (v.allowed) {
              accepted.push(now);
              s = recordFailure(s, now, rule); // every allowed attempt fails in this scenario
              if (s.failures.length > limit) return false;
            } else if (v.retryAfterMs <= 0 || checkThrottle(s, now + v.retryAfterMs, rule).allowed !== true) {
              return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe(recordFailure.name, () => {
  it('keeps at most `limit` timestamps, sorted, and does not mutate its input', () => {
    const s = failAt(Array.from({ length: 25 }, (_, i) => T0 + i));
    expect(s.failures).toHaveLength(10);
    expect(s.failures).toEqual(Array.from({ length: 10 }, (_, i) => T0 + 15 + i));
    const before = JSON.stringify(s);
    recordFailure(s, T0 + 100, RULE);
    expect(JSON.stringify(s)).toBe(before);
    expect(EMPTY_THROTTLE_STATE.failures).toHaveLength(0);
  });

  it('round-trips through JSON (how Redis stores it)', () => {
    const s = failAt([T0, T0 + 1000]);
    const back = JSON.parse(JSON.stringify(s)) as ThrottleState;
    expect(checkThrottle(back, T0 + 2000, RULE)).toEqual(checkThrottle(s, T0 + 2000, RULE));
  });
});

describe(ttlMs.name, () => {
  it('lasts until the newest failure leaves the window, and is 0 for nothing to keep', () => {
    expect(ttlMs(EMPTY_THROTTLE_STATE, T0, RULE)).toBe(0);
    const s = failAt([T0, T0 + 5 * MIN]);
    expect(ttlMs(s, T0 + 6 * MIN, RULE)).toBe(14 * MIN);
    expect(ttlMs(s, T0 + 20 * MIN, RULE)).toBe(0);
  });
});

describe(reserveAttempt.name, () => {
  const RULES = [LOGIN_PER_ACCOUNT_AND_IP, LOGIN_PER_IP];

  it('counts an allowed attempt as a failure under every rule, with each key\'s expiry', () => {
    const r = reserveAttempt([null, failAt([T0 - MIN], LOGIN_PER_IP)], T0, RULES);
    expect(r).toEqual({ allowed: true, states: [{ failures: [T0] }, { failures: [T0 - MIN, T0] }], ttlsMs: [15 * MIN, 15 * MIN] });
  });

  it('records nothing when one rule blocks, and waits for the rule that blocks longest', () => {
    const account = failAt(Array.from({ length: 10 }, (_, i) => T0 + i * MIN)); // full until T0 + 15 min
    const ip = failAt(Array.from({ length: 100 }, (_, i) => T0 + 2 * MIN + i), LOGIN_PER_IP); // full until T0 + 17 min
    const now = T0 + 10 * MIN;
    expect(reserveAttempt([account, null], now, RULES)).toEqual({ allowed: false, retryAfterMs: 5 * MIN });
    expect(reserveAttempt([null, ip], now, RULES)).toEqual({ allowed: false, retryAfterMs: 7 * MIN });
    expect(reserveAttempt([account, ip], now, RULES)).toEqual({ allowed: false, retryAfterMs: 7 * MIN });
  });

  it('lets exactly `limit` attempts through when each one reserves before the next checks', () => {
    let states: Array<ThrottleState | null> = [null, null];
    let allowed = 0;
    for (let i = 0; i < 25; i++) {
      const r = reserveAttempt(states, T0 + i, RULES);
      if (r.allowed) {
        allowed++;
        states = r.states;
      }
    }
    expect(allowed).toBe(10);
    expect(states[0]!.failures).toHaveLength(10);
    expect(states[1]!.failures).toHaveLength(10);
  });

  it('refuses states and rules that do not pair up', () => {
    expect(() => reserveAttempt([null], T0, RULES)).toThrow(RangeError);
  });
});

describe(releaseFailure.name, () => {
  it('takes back one failure recorded at that time and leaves the rest', () => {
    const s = failAt([T0, T0 + 1000, T0 + 1000, T0 + 2000]);
    expect(releaseFailure(s, T0 + 1000, T0 + 3000, RULE)).toEqual({ failures: [T0, T0 + 1000, T0 + 2000] });
    expect(releaseFailure(s, T0 + 5, T0 + 3000, RULE)).toEqual({ failures: s.failures });
    expect(releaseFailure(null, T0, T0, RULE)).toEqual({ failures: [] });
    // Pruned at `now`: a failure that has left the window is gone either way.
    expect(releaseFailure(s, T0 + 2000, T0 + 15 * MIN + 500, RULE)).toEqual({ failures: [T0 + 1000, T0 + 1000] });
  });

  it('a reserved and released attempt leaves the verdict as it was', () => {
    const before = failAt([T0, T0 + 1000, T0 + 2000]);
    const r = reserveAttempt([before], T0 + 3000, [RULE]);
    if (!r.allowed) throw new Error('should be allowed');
    const after = releaseFailure(r.states[0], T0 + 3000, T0 + 3500, RULE);
    expect(after).toEqual(before);
    expect(checkThrottle(after, T0 + 3500, RULE)).toEqual(checkThrottle(before, T0 + 3500, RULE));
  });
});

describe(parseThrottleState.name, () => {
  it('reads what is stored, null for no key, and empty state for anything damaged', () => {
    const s = failAt([T0, T0 + 1]);
    expect(parseThrottleState(JSON.stringify(s))).toEqual(s);
    expect(parseThrottleState(null)).toBeNull();
    expect(parseThrottleState(undefined)).toBeNull();
    expect(parseThrottleState('')).toBeNull();
    for (const junk of ['{', 'null', '42', '"x"', '{"failures":3}', '[]']) {
      expect(parseThrottleState(junk)).toEqual({ failures: [] });
    }
  });
});

describe(throttleKey.name, () => {
  it('normalises the account and the address', () => {
    expect(throttleKey('login:account-ip', { account: '  Anna.Svensson@Sundsvall.SE ', ip: '192.0.2.7' })).toBe(
      'throttle:login:account-ip:anna.svensson%40sundsvall.se:192.0.2.7',
    );
    expect(throttleKey('login:ip', { ip: '::ffff:192.0.2.7' })).toBe('throttle:login:ip:192.0.2.7');
    // Colons in an account name cannot forge another key's structure.
    expect(throttleKey('login:account-ip', { account: 'a:b', ip: '192.0.2.7' })).toBe('throttle:login:account-ip:a%3Ab:192.0.2.7');
  });
});

describe(normaliseIp.name, () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3:8d3::/64'],
    ['2001:DB8:85A3:08D3:ffff:ffff:ffff:ffff', '2001:db8:85a3:8d3::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8:0:0:abcd::2', '2001:db8:0:0::/64'],
    ['[2001:db8::1]', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not-an-ip', 'not-an-ip'],
  ])('%s -> %s', (ip, expected) => {
    expect(normaliseIp(ip)).toBe(expected);
  });
});
