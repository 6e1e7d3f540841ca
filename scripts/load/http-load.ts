import { Agent, request } from 'node:http';

export interface HttpLoadResult {
  requests: number;
  rps: number;
  /** Answers other than 200. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/**
 * A small keep-alive load generator (what wrk does, in Node): `connections` loops, each on its own
 * kept-alive socket, GET the next URL from `urls` (round robin) and read the whole answer, for
 * `seconds`. Runs in the driver's process, so on a small machine it takes CPU from the system under
 * test — which is why the figures are reported as ratios to /health measured the same way.
 */
export async function httpLoad(urls: string[], connections: number, seconds: number): Promise<HttpLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const one = (url: string) =>
    new Promise<number>((resolve) => {
      const t0 = performance.now();
      const req = request(url, { agent, headers: { 'user-agent': 'justera-load/1.0' } }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          resolve(res.statusCode ?? 0);
        });
        res.on('error', () => resolve(0));
      });
      req.on('error', () => resolve(0));
      req.end();
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const status = await one(urls[next++ % urls.length]);
        if (status !== 200) errors++;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    errors,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
