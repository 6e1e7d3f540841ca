/**
 * The typed API client: openapi-fetch over the types openapi-typescript generated from the api's
 * OpenAPI document (schema.d.ts, `npm run web:openapi`). Same origin, the session cookie, and the
 * CSRF token from GET /api/me on every state-changing request.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export function getCsrfToken(): string {
  return csrfToken;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

/** The api's error body (apps/api/src/common/errors.ts). */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

/** A failed call, as the forms show it: one message and messages per field path. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super(message);
  }
}

/**
 * Issues ({ path, message, messageSv? }, from an error's details or a draft's `errors`) as one
 * message per field path, the path dotted as the form's field ids are ("members[0].name" →
 * "members.0.name"), the Swedish message preferred, the first one per path kept.
 */
export function fieldMessages(issues: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!Array.isArray(issues)) return fields;
  for (const d of issues as { path?: unknown; message?: unknown; messageSv?: unknown }[]) {
    if (typeof d?.path !== 'string') continue;
    const path = d.path.replace(/\[(\d+)\]/g, '.$1');
    const msg = typeof d.messageSv === 'string' ? d.messageSv : typeof d.message === 'string' ? d.message : '';
    if (msg && !fields[path]) fields[path] = msg;
  }
  return fields;
}

/** Turns an error body (or a network failure) into an ApiFailure with field messages. */
export function failure(status: number, body: unknown): ApiFailure {
  const b = (body && typeof body === 'object' ? body : {}) as Partial<ApiErrorBody>;
  const fields = fieldMessages(b.details);
  let message = typeof b.message === 'string' ? b.message : 'Det gick inte att spara. Försök igen.';
  // The size limit (multer's, or a proxy's without a body); the api's own 413s (a PDF too complex to
  // read) carry their own Swedish message and field.
  if (status === 413 && (b.error === undefined || b.error === 'payload_too_large')) {
    message = 'Filen är för stor. Minska filens storlek (t.ex. lägre bildupplösning) och försök igen.';
    fields.file = message;
  }
  if (status === 401)
    message = 'Du har loggats ut. Logga in igen i en annan flik och försök sedan igen; det du har skrivit finns kvar här.';
  return new ApiFailure(status, typeof b.error === 'string' ? b.error : 'error', message, fields);
}

/** Unwraps an openapi-fetch result: the data, or throws an ApiFailure. */
export function unwrap<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (!r.response.ok) throw failure(r.response.status, r.error);
  return r.data as T;
}

/** Multipart bodies go as they are (openapi-fetch would otherwise JSON-encode them). */
export const multipart = { bodySerializer: (body: unknown) => body as FormData };
