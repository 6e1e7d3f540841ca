import { Action, authorize, ResourceScope } from '@justera/auth';
import { AppError } from '../common/errors';
import type { AuthContext } from './auth-context';

/** Throws 403/404 (as the policy decides) unless the caller may take `action` on `resource`. */
export function ensureAllowed(auth: AuthContext, action: Action, resource: ResourceScope): void {
  const d = authorize(auth.principal, action, resource);
  if (!d.allowed) {
    throw d.status === 404 ? new AppError(404, 'not_found', 'Resursen finns inte.') : new AppError(403, 'forbidden', 'Du har inte behörighet till detta.');
  }
}
