import type { UserRole } from '@justera/persistence';
import { list, str } from '../common/page-form';
import type { PageUser } from '../views/layout';
import type { AdminApiKeysViewModel, AdminConfirmViewModel, FieldErrors } from '../views/admin.view';
import { Named, ROLE_OPTIONS } from './admin-pages.model';
import { APP_ROLE_SV } from './admin-rules';

/** The API key page's view models and posted form (/admin/api-nycklar, AdminApiKeyPagesController). */

export type ApiKeyForm = AdminApiKeysViewModel['form'];
export type ApiKeysExtra = { form?: ApiKeyForm; errors?: FieldErrors; done?: string; created?: { name: string; key: string } };

/** The posted new key (/admin/api-nycklar): its name trimmed, role and organs. */
export function parseApiKeyForm(body: Record<string, unknown>): Required<ApiKeyForm> {
  return { name: str(body.name, 300).trim(), role: str(body.role, 32), organIds: list(body.organIds) };
}

type KeyRow = {
  id: string;
  name: string;
  role: string;
  publicId: string;
  organIds: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** /admin/api-nycklar: the keys (by their prefix, never the secret), the form, and a new key shown once. */
export function apiKeysPageModel(user: PageUser, keys: KeyRow[], organs: Named[], extra: ApiKeysExtra): AdminApiKeysViewModel {
  const nameOf = new Map(organs.map((o) => [o.id, o.name]));
  return {
    user,
    roles: ROLE_OPTIONS,
    organs,
    keys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      roleSv: APP_ROLE_SV[k.role as UserRole] ?? k.role,
      organNames: k.organIds.map((id) => nameOf.get(id) ?? '').filter(Boolean),
      prefix: `jst_${k.publicId}_…`,
      createdAt: k.createdAt,
      lastUsedAt: k.lastUsedAt,
      revokedAt: k.revokedAt,
    })),
    form: extra.form ?? { organIds: [] },
    errors: extra.errors,
    done: extra.done,
    created: extra.created,
  };
}

/** "Återkalla API-nyckeln …": what revoking does, before it is done. */
export function confirmRevokeModel(user: PageUser, id: string, k: { name: string; publicId: string }): AdminConfirmViewModel {
  return {
    user,
    current: '/admin/api-nycklar',
    title: `Återkalla API-nyckeln ${k.name}`,
    paragraphs: [
      `Nyckeln jst_${k.publicId}_… slutar fungera direkt: varje anrop med den avvisas. Det går inte att ångra; en integration som behöver fortsätta får en ny nyckel.`,
    ],
    action: `/admin/api-nycklar/${id}/aterkalla`,
    confirmLabel: 'Ja, återkalla nyckeln',
    cancelHref: '/admin/api-nycklar',
    cancelLabel: 'Nej, gå tillbaka',
  };
}
