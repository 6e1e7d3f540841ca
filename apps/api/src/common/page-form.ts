import type { Response } from 'express';
import { DomainError } from '@justera/application';
import type { FieldErrors } from '../views';
import { httpStatusOf } from './errors';

/**
 * The posted forms of the server-rendered pages (the admin pages, the anslagstavlor admin pages):
 * reading a field, a checkbox list, the field problems of a coded error, and the submit-then-redirect
 * step. The one copy of each; the controllers and view models import them from here.
 */

/** A posted field as a string of at most `max` characters ('' when absent or not a string). */
export function str(v: unknown, max = 1000): string {
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** A form's checkbox list: one value is a string, several an array (urlencoded); at most 500. */
export function list(v: unknown): string[] {
  const a = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return a.filter((x): x is string => typeof x === 'string').slice(0, 500);
}

/** The codes a form shows at its fields (or above them) instead of the error page. */
const FORM_CODES: readonly string[] = ['invalid_request', 'conflict', 'email_unavailable', 'board_exists'];

/** The field problems of a coded form error (`details: { path, message }[]`), or null when it is not one. */
export function fieldErrorsOf(err: unknown): FieldErrors | null {
  if (!(err instanceof DomainError) || !FORM_CODES.includes(err.code)) return null;
  const out: FieldErrors = {};
  for (const d of Array.isArray(err.details) ? (err.details as unknown[]) : []) {
    const { path, message } = (d ?? {}) as { path?: unknown; message?: unknown };
    if (typeof path === 'string' && typeof message === 'string') (out[path] ??= []).push(message);
  }
  if (Object.keys(out).length === 0) out._form = [err.message];
  return out;
}

/**
 * A posted form: runs the change, then redirects (303) to `to`; a coded field issue renders the form
 * again through `again`, with the code's status. Any other error is thrown on.
 */
export async function submitForm(
  res: Response,
  run: () => Promise<unknown>,
  again: (errors: FieldErrors, status: number) => Promise<void>,
  to: string | (() => string),
): Promise<void> {
  try {
    await run();
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return again(errors, httpStatusOf(err as DomainError));
  }
  res.redirect(303, typeof to === 'string' ? to : to());
}
