import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from '@justera/application';
import { isTransientDatabaseError } from '@justera/persistence';
import { renderErrorPage } from '../views';

/** The api is at its capacity for some work (e.g. the PDF parsing pool is full): 503 with Retry-After. */
export class ServiceBusyError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'ServiceBusyError';
  }
}

/** What a 503 for overload asks the client to wait, seconds. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * The HTTP status of each domain error code: the one place a status is chosen (docs/application.md).
 * `Record<ErrorCode, …>` makes a new code without a status a compile error.
 */
export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  unauthenticated: 401,
  invalid_credentials: 401,
  too_many_attempts: 429,
  csrf: 403,
  forbidden: 403,
  not_found: 404,
  invalid_request: 400,
  unsupported_media_type: 415,
  unreadable_pdf: 422,
  encrypted_pdf: 422,
  signed_pdf: 422,
  pdf_too_complex: 413,
  docx_too_large: 413,
  docx_nothing_recognised: 422,
  too_many_requests: 429,
  unsupported_characters: 422,
  unknown_paragraph: 400,
  excerpt_of_upload: 422,
  invalid_signatories: 400,
  conflict: 409,
  email_unavailable: 409,
  stale: 409,
  not_draft: 409,
  uploaded: 409,
  structured: 409,
  secretary_not_replaceable: 409,
  already_started: 409,
  round_closed: 409,
  change_requested: 409,
  not_your_turn: 409,
  not_signable: 409,
  already_signed: 409,
  version_identical: 409,
  hash_mismatch: 409,
  link_expired: 410,
  identity_required: 403,
  identity_unavailable: 400,
  board_exists: 409,
  not_external: 409,
  already_recorded: 409,
  archived: 409,
};

export function httpStatusOf(err: DomainError): number {
  return HTTP_STATUS_OF[err.code] ?? 500;
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

/**
 * One place that turns errors into responses: JSON under /api, a Swedish HTML page elsewhere.
 * Unexpected errors are logged with the request id and answered 500 without internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  private readonly lastLogged = new Map<string, number>();

  /** A warning at most once per 10 s per kind: an overload must not also flood the log. */
  private quiet(kind: string, message: string) {
    const now = Date.now();
    if ((this.lastLogged.get(kind) ?? 0) > now - 10_000) return;
    this.lastLogged.set(kind, now);
    this.logger.warn(message);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    let body: ErrorBody;
    if (exception instanceof DomainError) {
      body = { statusCode: httpStatusOf(exception), error: exception.code, message: exception.message, details: exception.details };
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const r = exception.getResponse();
      const raw =
        typeof r === 'string'
          ? r
          : Array.isArray((r as { message?: unknown }).message)
            ? (r as { message: string[] }).message.join('; ')
            : String((r as { message?: unknown }).message ?? exception.message);
      if (status === 400 && isJsonSyntaxMessage(raw)) {
        // Nest maps body-parser's SyntaxError to a BadRequestException with JSON.parse's English text.
        body = { statusCode: 400, error: 'invalid_json', message: INVALID_JSON_SV, details: { parser: raw } };
      } else {
        body = {
          statusCode: status,
          error: codeFor(status),
          message: swedishMessage(status, raw, req),
          details: typeof r === 'object' ? (r as { details?: unknown }).details : undefined,
        };
      }
    } else if (isBodyParserError(exception)) {
      const code =
        exception.status === 413 ? 'payload_too_large' : exception.type === 'entity.too.deep' ? 'json_too_complex' : 'invalid_json';
      // The parser's own text (e.g. "Unexpected token } in JSON at position 5") is English: it goes in
      // the details for a developer, the message is Swedish.
      const message =
        exception.status === 413 ? 'Begäran är för stor.' : exception.type === 'entity.too.deep' ? exception.message : INVALID_JSON_SV;
      body = {
        statusCode: exception.status,
        error: code,
        message,
        details: code === 'invalid_json' ? { parser: exception.message } : undefined,
      };
    } else if (exception instanceof ServiceBusyError) {
      this.quiet('busy', `busy: ${exception.message}`);
      body = { statusCode: 503, error: 'busy', message: exception.message, details: { retryAfterSeconds: exception.retryAfterSeconds } };
    } else if (isTransientDatabaseError(exception)) {
      // Overload or a database restart, not a bug: the client may try again shortly (nothing was half-written).
      this.quiet('overload', `database unavailable or overloaded: ${(exception as Error)?.message ?? String(exception)}`);
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      body = { statusCode: 503, error: 'unavailable', message: 'Tjänsten är hårt belastad just nu. Försök igen om en liten stund.' };
    } else {
      this.logger.error({ err: exception, requestId: req.id }, 'unhandled error');
      body = { statusCode: 500, error: 'internal_error', message: 'Ett oväntat fel inträffade. Försök igen eller kontakta support med begärans id.' };
    }
    body.requestId = req.id;
    if (res.headersSent) return;
    if (isLoggedOutPageVisit(exception, req)) {
      // A staff page opened without a session (an old bookmark, a link in a mail, an expired session):
      // the login, which comes back here afterwards. The API and a wrong API key keep their 401.
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl.slice(0, 2000))}`);
      return;
    }
    const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if ((body.statusCode === 429 || body.statusCode === 503) && typeof retryAfter === 'number' && retryAfter > 0) res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
    const wantsJson = req.path.startsWith('/api') || req.path === '/health' || !(req.headers.accept ?? '').includes('text/html');
    if (wantsJson) {
      res.status(body.statusCode).json(body);
    } else {
      res.status(body.statusCode).type('html').send(renderErrorPage({ status: body.statusCode, message: body.message, requestId: body.requestId }));
    }
  }
}

/** A GET or HEAD of a page (not /api, not /health) refused only for want of a login: no API key was presented. */
export function isLoggedOutPageVisit(exception: unknown, req: Pick<Request, 'method' | 'path' | 'headers'>): boolean {
  return (
    exception instanceof DomainError &&
    exception.code === 'unauthenticated' &&
    (req.method === 'GET' || req.method === 'HEAD') &&
    !req.path.startsWith('/api') &&
    req.path !== '/health' &&
    !req.headers.authorization &&
    !req.headers['x-api-key']
  );
}

const INVALID_JSON_SV = 'Ogiltig JSON: innehållet i begäran går inte att läsa som JSON.';

/** JSON.parse's English messages ("Unexpected end of JSON input", "… in JSON at position 5"). */
function isJsonSyntaxMessage(m: string): boolean {
  return /\bJSON\b/.test(m) && /(Unexpected|Expected|position|not valid)/.test(m);
}

/** How much of a requested path an error message repeats (the path is the client's, of any length). */
const PATH_IN_MESSAGE = 120;

/**
 * Nest's and its pipes' own English texts in Swedish: the router's "Cannot GET /x", a built-in pipe's
 * "Validation failed (uuid is expected)", the default "Forbidden resource", multer's "File too large".
 * Messages our own code throws are Swedish already and pass through unchanged (docs/architecture.md,
 * "Errors").
 */
export function swedishMessage(status: number, message: string, req: Pick<Request, 'method' | 'path'>): string {
  if (status === 404 && /^Cannot [A-Z]+ /.test(message)) {
    const path = req.path.length > PATH_IN_MESSAGE ? `${req.path.slice(0, PATH_IN_MESSAGE)}…` : req.path;
    return req.path.startsWith('/api')
      ? `Det finns ingen sådan adress i API:t: ${req.method} ${path}.`
      : `Det finns ingen sida på adressen ${path}.`;
  }
  if (status === 400 && /^Failed to decode param/.test(message)) return 'Adressen innehåller en ogiltig teckenkodning (%-kodning).';
  const pipe = /^Validation failed \((.+) is expected\)$/.exec(message);
  if (pipe) return PIPE_SV[pipe[1]] ?? 'Ogiltigt värde i adressen.';
  if (/^Validation failed/.test(message)) return 'Ogiltigt värde i adressen.';
  return DEFAULT_SV[message] ?? message;
}

/** What Nest's built-in pipes expect ("Validation failed (<what> is expected)"), in Swedish. */
const PIPE_SV: Record<string, string> = {
  uuid: 'Ogiltigt id: adressen innehåller inget giltigt id (UUID).',
  'numeric string': 'Ogiltigt värde: ett heltal förväntas.',
  'boolean string': 'Ogiltigt värde: true eller false förväntas.',
  'enum string': 'Ogiltigt värde: inte ett av de tillåtna värdena.',
};

/** Nest's, the throttler's and multer's default English messages. */
const DEFAULT_SV: Record<string, string> = {
  'Bad Request': 'Begäran är ogiltig.',
  Unauthorized: 'Inloggning krävs.',
  'Forbidden resource': 'Du har inte behörighet till det här.',
  Forbidden: 'Du har inte behörighet till det här.',
  'Not Found': 'Sidan finns inte.',
  'Method Not Allowed': 'Metoden är inte tillåten på den här adressen.',
  'Payload Too Large': 'Begäran är för stor.',
  'File too large': 'Filen är för stor.',
  'Too many files': 'För många filer i formuläret.',
  'Too many parts': 'Formuläret har för många delar.',
  'Too many fields': 'Formuläret har för många fält.',
  'Unexpected field': 'Formuläret innehåller ett oväntat fält.',
  'Field name too long': 'Ett fältnamn i formuläret är för långt.',
  'Field value too long': 'Ett fält i formuläret är för långt.',
  'Multipart: Boundary not found': 'Formuläret går inte att läsa.',
  'Unsupported Media Type': 'Filtypen eller innehållstypen stöds inte.',
  'ThrottlerException: Too Many Requests': 'För många förfrågningar. Vänta en stund och försök igen.',
  'Too Many Requests': 'För många förfrågningar. Vänta en stund och försök igen.',
  'Internal server error': 'Ett oväntat fel inträffade.',
  'Internal Server Error': 'Ett oväntat fel inträffade.',
  'Service Unavailable': 'Tjänsten är inte tillgänglig just nu. Försök igen om en liten stund.',
};

function isBodyParserError(e: unknown): e is { status: number; message: string; type: string } {
  return typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string' && typeof (e as { status?: unknown }).status === 'number';
}

function codeFor(status: number): string {
  switch (status) {
    case HttpStatus.BAD_REQUEST:
      return 'invalid_request';
    case HttpStatus.UNAUTHORIZED:
      return 'unauthenticated';
    case HttpStatus.FORBIDDEN:
      return 'forbidden';
    case HttpStatus.NOT_FOUND:
      return 'not_found';
    case HttpStatus.CONFLICT:
      return 'conflict';
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return 'payload_too_large';
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return 'unsupported_media_type';
    case HttpStatus.UNPROCESSABLE_ENTITY:
      return 'unprocessable';
    case HttpStatus.TOO_MANY_REQUESTS:
      return 'too_many_requests';
    case HttpStatus.SERVICE_UNAVAILABLE:
      return 'unavailable';
    default:
      return status >= 500 ? 'internal_error' : 'error';
  }
}
