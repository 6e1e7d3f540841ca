import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { errorPage } from './html';

/** A failure the user can act on; `code` is stable for API clients, `message` is for people. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Resursen') => new AppError(404, 'not_found', `${what} finns inte.`);
export const forbidden = (reason = 'Du har inte behörighet till detta.') => new AppError(403, 'forbidden', reason);
export const badRequest = (message: string, details?: unknown) => new AppError(400, 'invalid_request', message, details);

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

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    let body: ErrorBody;
    if (exception instanceof AppError) {
      body = { statusCode: exception.status, error: exception.code, message: exception.message, details: exception.details };
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const r = exception.getResponse();
      const message = typeof r === 'string' ? r : Array.isArray((r as { message?: unknown }).message) ? ((r as { message: string[] }).message).join('; ') : String((r as { message?: unknown }).message ?? exception.message);
      body = { statusCode: status, error: codeFor(status), message, details: typeof r === 'object' ? (r as { details?: unknown }).details : undefined };
    } else if (isBodyParserError(exception)) {
      const code = exception.status === 413 ? 'payload_too_large' : exception.type === 'entity.too.deep' ? 'json_too_complex' : 'invalid_json';
      const message = exception.status === 413 ? 'Begäran är för stor.' : exception.type === 'entity.too.deep' ? exception.message : `Ogiltig JSON: ${exception.message}`;
      body = { statusCode: exception.status, error: code, message };
    } else {
      this.logger.error({ err: exception, requestId: req.id }, 'unhandled error');
      body = { statusCode: 500, error: 'internal_error', message: 'Ett oväntat fel inträffade. Försök igen eller kontakta support med begärans id.' };
    }
    body.requestId = req.id;
    if (res.headersSent) return;
    const wantsJson = req.path.startsWith('/api') || req.path === '/health' || !(req.headers.accept ?? '').includes('text/html');
    if (wantsJson) {
      res.status(body.statusCode).json(body);
    } else {
      res.status(body.statusCode).type('html').send(errorPage(body.statusCode, body.message, body.requestId));
    }
  }
}

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
