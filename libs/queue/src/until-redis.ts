import { isRedisUnavailable } from './process-runner';

export interface UntilRedisOptions {
  /** Pause between attempts while Redis is unreachable (default 1 s). */
  delayMs?: number;
  /** Checked before each attempt and after each pause: true stops the retrying (the process is closing). */
  cancelled: () => boolean;
  /** Told about each attempt that failed because Redis was unreachable (log it quietly). */
  onWait?: (err: Error) => void;
}

/**
 * Runs `attempt` until it succeeds, pausing and trying again while Redis is unreachable. Resolves to the
 * attempt's result, or to undefined when cancelled first; rejects at once with any other error.
 * For work a process must do once Redis answers (registering the periodic jobs) that must not crash the
 * process when Redis is away at its start.
 */
export async function untilRedisAnswers<T>(attempt: () => Promise<T>, opts: UntilRedisOptions): Promise<T | undefined> {
  const delayMs = opts.delayMs ?? 1_000;
  while (!opts.cancelled()) {
    try {
      return await attempt();
    } catch (err) {
      if (!isRedisUnavailable(err)) throw err;
      opts.onWait?.(err as Error);
      await new Promise((res) => setTimeout(res, delayMs));
    }
  }
  return undefined;
}
