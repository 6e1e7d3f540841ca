/**
 * Cheap checks on a request before Nest sees it: how deeply a JSON body nests and how many values it
 * holds (checked on the raw bytes, before JSON.parse and the validation pipe recurse into it), and
 * where a browser form post comes from (Origin/Referer against PUBLIC_URL). See docs/security.md.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { renderErrorPage } from '../views';

/** Deeper than any DTO we accept (a protocol's rich text nests a handful of levels). */
export const MAX_JSON_DEPTH = 64;
/** More values than any protocol or request we accept carries; bounds the work of the validation pipe. */
export const MAX_JSON_VALUES = 200_000;

export class BodyShapeError extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
  constructor(message: string) {
    super(message);
  }
}

/**
 * Walks the raw JSON text once, outside strings, counting nesting and values. O(n), no allocation;
 * throws `BodyShapeError` (status 400) naming the problem. Malformed JSON is left to JSON.parse.
 */
export function checkJsonShape(buf: Uint8Array, limits = { depth: MAX_JSON_DEPTH, values: MAX_JSON_VALUES }): void {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limits.depth) throw new BodyShapeError(`JSON-kroppen är nästlad djupare än ${limits.depth} nivåer.`);
      values++;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    } else if (c === 0x2c) {
      if (++values > limits.values) throw new BodyShapeError(`JSON-kroppen innehåller fler än ${limits.values} värden.`);
    }
  }
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function originOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value === 'null') return 'null';
  try {
    return new URL(value).origin;
  } catch {
    return 'invalid';
  }
}

/**
 * A state-changing request a browser form can send cross-site (urlencoded, multipart, text/plain)
 * must come from our own origin: the Origin header, or the Referer when a browser left Origin out,
 * must be PUBLIC_URL's origin (or the origin the request was addressed to, for an installation
 * reached by another name on the intranet). This closes login CSRF, which the session-bound CSRF
 * token cannot cover. A request with neither header is not from a browser form and passes (the
 * session's CSRF token still applies to it).
 *
 * A browser that sends Fetch Metadata is judged by `Sec-Fetch-Site` first (a header page script
 * cannot set): our pages are served with `Referrer-Policy: no-referrer` (helmet's default, and the
 * signing page's own), under which browsers send `Origin: null` and no Referer even for a form on our
 * own origin, so the origin alone would refuse every form of ours.
 */
export function sameOriginForms(publicUrl: string): RequestHandler {
  const publicOrigin = new URL(publicUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!UNSAFE.has(req.method) || !FORM_TYPES.test(req.headers['content-type'] ?? '')) return next();
    const site = req.headers['sec-fetch-site'];
    if (site === 'same-origin' || site === 'none') return next();
    const claimed = originOf(req.headers.origin) ?? originOf(req.headers.referer);
    if (claimed === undefined && site === undefined) return next();
    const own = `${req.protocol}://${req.get('host') ?? ''}`;
    if (claimed === publicOrigin || claimed === own) return next();
    const message = 'Formuläret skickades från en annan webbplats och avvisades. Öppna sidan på nytt och försök igen.';
    const wantsJson = req.path.startsWith('/api') || !(req.headers.accept ?? '').includes('text/html');
    res.status(403);
    if (wantsJson) res.json({ statusCode: 403, error: 'cross_origin', message });
    else res.type('html').send(renderErrorPage({ status: 403, message }));
  };
}
