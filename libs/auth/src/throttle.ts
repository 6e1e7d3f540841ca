/**
 * Login throttling as a pure calculator: state in, state out. The Nest side keeps the state in Redis
 * under a key from `throttleKey(...)` (JSON, with `ttlMs` as the key's expiry) and applies the
 * calculation atomically: it reads the keys, computes here, and writes back only if nobody wrote
 * them in between (a compare-and-set, retried on conflict). This file stays the only definition of
 * the rule; Redis only compares and stores strings.
 *
 * Algorithm: a sliding-window log. The state is the list of recent failure times (at most `limit`
 * entries, so it stays tiny); a login attempt is allowed while fewer than `limit` failures fall in
 * the last `windowMs`. This is exact ("10 failures in any 15 minutes"), unlike a fixed window that
 * lets an attacker fire 2 × limit around a window boundary.
 *
 * Use: before verifying the password call `reserveAttempt` over every rule that applies. If it is
 * not allowed, answer 429 with Retry-After and do NOT verify (no scrypt work for the attacker). If it
 * is, store its states at once: the attempt is counted as a failure *before* the password is
 * checked, so parallel attempts cannot all pass the check on the same old state. When the password
 * turns out right, take the reservation back with `releaseFailure`. (`checkThrottle` and
 * `recordFailure` are the two halves of a reservation.)
 */

export interface ThrottleRule {
  /** Failures allowed inside one window. */
  limit: number;
  windowMs: number;
}

/** 10 failed logins per 15 minutes per account + IP address. */
export const LOGIN_PER_ACCOUNT_AND_IP: Readonly<ThrottleRule> = Object.freeze({ limit: 10, windowMs: 15 * 60 * 1000 });
/** 100 failed logins per 15 minutes per IP address, across accounts (password spraying). */
export const LOGIN_PER_IP: Readonly<ThrottleRule> = Object.freeze({ limit: 100, windowMs: 15 * 60 * 1000 });

export interface ThrottleState {
  /** Epoch milliseconds of recent failures, ascending. */
  failures: number[];
}

export interface ThrottleVerdict {
  allowed: boolean;
  /** Failures still allowed in the current window (0 when blocked). */
  remaining: number;
  /** When blocked: milliseconds until the next attempt is allowed (for Retry-After); else 0. */
  retryAfterMs: number;
}

export const EMPTY_THROTTLE_STATE: Readonly<ThrottleState> = Object.freeze({ failures: Object.freeze([]) as unknown as number[] });

function checkRule(rule: ThrottleRule): void {
  if (!Number.isInteger(rule.limit) || rule.limit < 1 || !Number.isFinite(rule.windowMs) || rule.windowMs <= 0) {
    throw new RangeError('throttle rule needs an integer limit >= 1 and a positive window');
  }
}

/** Keeps only well-formed failures inside the window ending at `now`, newest `limit` of them. */
function live(state: ThrottleState | null | undefined, now: number, rule: ThrottleRule): number[] {
  const raw = state && Array.isArray(state.failures) ? state.failures : [];
  const from = now - rule.windowMs;
  const kept = raw.filter((t) => typeof t === 'number' && Number.isFinite(t) && t > from && t <= now).sort((a, b) => a - b);
  return kept.slice(-rule.limit);
}

/** May a login attempt proceed at `now`? Accepts null/garbage state as empty. */
export function checkThrottle(state: ThrottleState | null | undefined, now: number, rule: ThrottleRule): ThrottleVerdict {
  checkRule(rule);
  const failures = live(state, now, rule);
  if (failures.length < rule.limit) return { allowed: true, remaining: rule.limit - failures.length, retryAfterMs: 0 };
  // Blocked until the oldest failure that counts leaves the window.
  const oldest = failures[failures.length - rule.limit];
  return { allowed: false, remaining: 0, retryAfterMs: Math.max(1, oldest + rule.windowMs - now) };
}

/** The state after a failed login at `now` (pruned; never longer than `limit`). */
export function recordFailure(state: ThrottleState | null | undefined, now: number, rule: ThrottleRule): ThrottleState {
  checkRule(rule);
  const failures = live(state, now, rule);
  failures.push(now);
  return { failures: failures.slice(-rule.limit) };
}

/** How long the stored state stays relevant: use as the Redis key's expiry (PX). 0 = delete it. */
export function ttlMs(state: ThrottleState | null | undefined, now: number, rule: ThrottleRule): number {
  checkRule(rule);
  const failures = live(state, now, rule);
  if (failures.length === 0) return 0;
  return failures[failures.length - 1] + rule.windowMs - now;
}

/** The verdict of `reserveAttempt`: either blocked, or the states to store (one per rule). */
export type ThrottleReservation =
  | { allowed: false; retryAfterMs: number }
  | { allowed: true; states: ThrottleState[]; ttlsMs: number[] };

/**
 * Checks an attempt at `now` against several rules at once (for login: account + IP, and IP) and,
 * when every rule allows it, records it as a failure under each: the states to store and their
 * expiries. When any rule blocks, nothing is recorded and `retryAfterMs` is the time until every
 * rule allows an attempt again. `states[i]` belongs to `rules[i]`.
 */
export function reserveAttempt(
  states: ReadonlyArray<ThrottleState | null | undefined>,
  now: number,
  rules: ReadonlyArray<ThrottleRule>,
): ThrottleReservation {
  if (states.length !== rules.length) throw new RangeError('one state per rule');
  let retryAfterMs = 0;
  for (let i = 0; i < rules.length; i++) {
    const verdict = checkThrottle(states[i], now, rules[i]);
    if (!verdict.allowed) retryAfterMs = Math.max(retryAfterMs, verdict.retryAfterMs);
  }
  if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
  const next = rules.map((rule, i) => recordFailure(states[i], now, rule));
  return { allowed: true, states: next, ttlsMs: next.map((s, i) => ttlMs(s, now, rules[i])) };
}

/**
 * The state with one failure recorded at `at` taken back (the attempt reserved at `at` turned out
 * to be a successful login), pruned at `now`. Unchanged when there is no such entry any more.
 */
export function releaseFailure(state: ThrottleState | null | undefined, at: number, now: number, rule: ThrottleRule): ThrottleState {
  checkRule(rule);
  const failures = live(state, now, rule);
  const i = failures.lastIndexOf(at);
  if (i >= 0) failures.splice(i, 1);
  return { failures };
}

/**
 * Reads a stored state (the JSON `recordFailure`'s results are stored as). Null for no key; empty for
 * anything unreadable, so a damaged key is overwritten with good state instead of breaking the check.
 */
export function parseThrottleState(raw: string | null | undefined): ThrottleState | null {
  if (raw === null || raw === undefined || raw === '') return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && Array.isArray((parsed as ThrottleState).failures)) return parsed as ThrottleState;
  } catch {
    /* fall through */
  }
  return { failures: [] };
}

/**
 * Redis key for a rule and subject. The account is trimmed and lower-cased (e-mail addresses are
 * case-insensitive in practice); IPv6 addresses are cut to their /64, because one client usually
 * owns a whole /64 and could otherwise rotate addresses to escape the limit.
 */
export function throttleKey(kind: 'login:account-ip' | 'login:ip', parts: { account?: string; ip: string }): string {
  const ip = normaliseIp(parts.ip);
  if (kind === 'login:ip') return `throttle:login:ip:${ip}`;
  const account = (parts.account ?? '').trim().toLowerCase();
  return `throttle:login:account-ip:${encodeURIComponent(account)}:${ip}`;
}

/** IPv4 (also IPv4-mapped IPv6) as is; IPv6 reduced to its /64 prefix in full, lower-case form. */
export function normaliseIp(ip: string): string {
  const s = String(ip ?? '').trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (mapped) return mapped[1];
  if (!s.includes(':')) return s;
  const [head, tail] = s.split('::', 2) as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  if (tail === undefined && h.length !== 8) return s; // not IPv6 we understand: keep as is
  const groups = tail === undefined ? h : [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return s;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
