import { Action, authorize, ResourceScope } from '@justera/auth';
import { DomainError } from './errors';
import type { Caller } from './unit-of-work';

/**
 * Throws unless the caller may take `action` on `resource`: another organisation's resource is
 * `not_found` (its existence is not revealed), a role without the action `forbidden`.
 */
export function ensureAllowed(caller: Caller, action: Action, resource: ResourceScope): void {
  const d = authorize(caller.principal, action, resource);
  if (!d.allowed) throw d.status === 404 ? new DomainError('not_found') : new DomainError('forbidden');
}
