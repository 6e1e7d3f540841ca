import type { PageUser } from '../views/layout';
import type { AuthContext } from './auth-context';

/** The header's user of a logged-in page: name, the logout form's CSRF token, and whether to link the admin pages. */
export function pageUser(auth: AuthContext): PageUser {
  return { name: auth.name, csrf: auth.csrfToken ?? '', admin: auth.principal.role === 'admin' };
}
