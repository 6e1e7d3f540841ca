import { str } from '../common/page-form';
import type { PageUser } from '../views/layout';
import type { AdminOrganViewModel, AdminOrgansViewModel, FieldErrors } from '../views/admin.view';
import type { OrganDefaults } from './organ-defaults';
import { OrganForm, SIGNATORY_SLOTS, organFormOf } from './organ-form';

/** The organ pages' view models and posted forms (/admin/organ, AdminOrganPagesController). */

export type NewOrganForm = AdminOrgansViewModel['form'];
export type OrgansExtra = { form?: NewOrganForm; errors?: FieldErrors; done?: string };

/** The posted new organ (/admin/organ). */
export function parseNewOrganForm(body: Record<string, unknown>): { name: string; slug: string; storagePlace: string } {
  return { name: str(body.name, 300), slug: str(body.slug, 100), storagePlace: str(body.storagePlace, 300) };
}

type OrganWithDefaults = {
  id: string;
  name: string;
  slug: string;
  storagePlace: string | null;
  identityLevel?: string | null;
  defaults: OrganDefaults;
};

/** /admin/organ: the organs with how many default signatories and members each has, and the new organ's form. */
export function organsPageModel(user: PageUser, organs: OrganWithDefaults[], extra: OrgansExtra): AdminOrgansViewModel {
  return {
    user,
    organs: organs.map((o) => ({
      id: o.id,
      name: o.name,
      slug: o.slug,
      storagePlace: o.storagePlace,
      signatories: o.defaults.signatories.length,
      members: o.defaults.members.length,
    })),
    form: extra.form ?? {},
    errors: extra.errors,
    done: extra.done,
  };
}

export type OrganExtra = { form?: OrganForm; errors?: FieldErrors; done?: string };

/** The posted organ form (/admin/organ/:id): name, förvaringsplats, each signatory slot, ersättare and members. */
export function parseOrganForm(body: Record<string, unknown>): OrganForm {
  return {
    name: str(body.name, 300),
    storagePlace: str(body.storagePlace, 300),
    signatories: Object.fromEntries(
      SIGNATORY_SLOTS.map((s) => [s.key, { name: str(body[`${s.key}_name`], 300), email: str(body[`${s.key}_email`], 300) }]),
    ),
    substitutes: str(body.substitutes, 40_000),
    members: str(body.members, 40_000),
  };
}

/** /admin/organ/:id: the organ's form (as stored, or as typed) and, below it, its identity level (`sections`). */
export function organPageModel(
  user: PageUser,
  organ: OrganWithDefaults,
  sections: AdminOrganViewModel['sections'],
  extra: OrganExtra,
): AdminOrganViewModel {
  const form = extra.form ?? organFormOf(organ, organ.defaults);
  return {
    user,
    organ: { id: organ.id, slug: organ.slug },
    slots: SIGNATORY_SLOTS.map((s) => ({ key: s.key, label: s.label })),
    form: { ...form, signatories: form.signatories as Record<string, { name: string; email: string }> },
    errors: extra.errors,
    done: extra.done,
    sections,
  };
}
