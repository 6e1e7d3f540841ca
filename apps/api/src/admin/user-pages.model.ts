import type { UserRole } from '@justera/persistence';
import { list, str } from '../common/page-form';
import type { PageUser } from '../views/layout';
import type { AdminConfirmViewModel, AdminUserViewModel, AdminUsersViewModel, FieldErrors } from '../views/admin.view';
import { Named, ROLE_OPTIONS } from './admin-pages.model';
import { APP_ROLE_SV } from './admin-rules';

/** The user pages' view models and posted forms (/admin/anvandare, AdminUserPagesController). */

type OverviewUser = {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  disabled: boolean;
  organIds: string[];
  invitation: 'pending' | 'expired' | null;
};

function userStateSv(u: OverviewUser): string {
  return u.disabled
    ? 'Inaktiverad'
    : u.invitation === 'pending'
      ? 'Inbjuden, har inte valt lösenord ännu'
      : u.invitation === 'expired'
        ? 'Inbjudan har gått ut'
        : 'Aktiv';
}

export type InviteForm = AdminUsersViewModel['form'];
export type UsersExtra = { form?: InviteForm; errors?: FieldErrors; done?: string };

/** The posted invitation form (/admin/anvandare). */
export function parseInviteForm(body: Record<string, unknown>): Required<InviteForm> {
  return { email: str(body.email, 300), name: str(body.name, 300), role: str(body.role, 32), organIds: list(body.organIds) };
}

/** /admin/anvandare: each user with role, organs and state, and the invitation form. */
export function usersPageModel(
  user: PageUser,
  overview: { organs: Named[]; users: OverviewUser[] },
  extra: UsersExtra,
): AdminUsersViewModel {
  const nameOf = new Map(overview.organs.map((o) => [o.id, o.name]));
  return {
    user,
    roles: ROLE_OPTIONS,
    organs: overview.organs,
    users: overview.users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      roleSv: APP_ROLE_SV[u.role],
      organNames: u.organIds.map((id) => nameOf.get(id) ?? '').filter(Boolean),
      stateSv: userStateSv(u),
    })),
    form: extra.form ?? { organIds: [] },
    errors: extra.errors,
    done: extra.done,
  };
}

export type UserForm = AdminUserViewModel['form'];
export type UserExtra = { form?: UserForm; errors?: FieldErrors; done?: string; error?: string };

/** The posted role and organs of one user (/admin/anvandare/:id). */
export function parseUserForm(body: Record<string, unknown>): UserForm {
  return { role: str(body.role, 32), organIds: list(body.organIds) };
}

/** /admin/anvandare/:id: the user's role and organs, a new invitation, deactivate or activate. */
export function userPageModel(user: PageUser, organs: Named[], u: OverviewUser, self: boolean, extra: UserExtra): AdminUserViewModel {
  return {
    user,
    roles: ROLE_OPTIONS,
    organs,
    target: {
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      roleSv: APP_ROLE_SV[u.role],
      disabled: u.disabled,
      stateSv: userStateSv(u),
      self,
      invitationOpen: u.invitation !== null,
    },
    form: extra.form ?? { role: u.role, organIds: u.organIds },
    errors: extra.errors,
    done: extra.done,
    error: extra.error,
  };
}

/** "Inaktivera …": what deactivating the user does, before it is done. */
export function confirmDeactivateModel(user: PageUser, id: string, u: { name: string; email: string }): AdminConfirmViewModel {
  return {
    user,
    current: '/admin/anvandare',
    title: `Inaktivera ${u.name}`,
    paragraphs: [
      `${u.name} (${u.email}) kan inte längre logga in. Pågående inloggningar avslutas direkt och en inbjudan som inte har använts slutar fungera.`,
      'Protokoll, justeringar och händelser som kontot redan har gjort påverkas inte. Du kan aktivera kontot igen senare.',
    ],
    action: `/admin/anvandare/${id}/inaktivera`,
    confirmLabel: `Ja, inaktivera ${u.name}`,
    cancelHref: `/admin/anvandare/${id}`,
    cancelLabel: 'Nej, gå tillbaka',
  };
}
