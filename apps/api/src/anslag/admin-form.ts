import type { Response } from 'express';
import type { DomainError } from '@justera/application';
import { httpStatusOf } from '../common/errors';
import type { FieldErrors } from '../views';
import { fieldErrorsOf } from '../views/admin-boards.model';

/**
 * A posted admin form: runs the change, then redirects (303) to `to`; a coded field issue of the use
 * case renders the form again through `again`, with the code's status. Any other error is thrown on.
 */
export async function submitForm(
  res: Response,
  run: () => Promise<unknown>,
  again: (errors: FieldErrors, status: number) => Promise<void>,
  to: string,
): Promise<void> {
  try {
    await run();
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return again(errors, httpStatusOf(err as DomainError));
  }
  res.redirect(303, to);
}
