/**
 * Error logging that cannot flood: the same kind of message is written at most once per window, and
 * the next one written says how many were left out. An outage that makes a loop fail a thousand times
 * a second costs one log line per window, not gigabytes.
 */
export class QuietLog {
  private readonly seen = new Map<string, { until: number; suppressed: number }>();

  constructor(
    private readonly write: (message: string) => void,
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Logs `message` unless a message of the same `key` was logged within the window. Returns whether it logged. */
  log(key: string, message: string): boolean {
    const t = this.now();
    const entry = this.seen.get(key);
    if (entry && t < entry.until) {
      entry.suppressed++;
      return false;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.seen.set(key, { until: t + this.windowMs, suppressed: 0 });
    if (this.seen.size > 1000) this.seen.clear(); // keys come from a small set; never grow without bound
    this.write(suppressed ? `${message} (${suppressed} similar message(s) left out in the last ${Math.round(this.windowMs / 1000)} s)` : message);
    return true;
  }

  /** A key for an error: its code or its message with digits and ids folded, so repeats match. */
  static keyOf(err: unknown): string {
    const e = err as { code?: unknown; message?: unknown };
    if (typeof e?.code === 'string') return e.code;
    const message = typeof e?.message === 'string' ? e.message : String(err);
    return message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '#').replace(/\d+/g, '#').slice(0, 200);
  }
}
