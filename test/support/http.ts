/** Small fetch helpers for tests against a running api process. */
export interface Res<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export async function request<T = unknown>(
  base: string,
  method: string,
  path: string,
  opts: { apiKey?: string; json?: unknown; body?: RequestInit['body']; headers?: Record<string, string>; cookie?: string } = {},
): Promise<Res<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const r = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: parsed as T, headers: r.headers, text };
}
