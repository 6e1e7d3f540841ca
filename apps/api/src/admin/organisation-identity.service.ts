import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { invalidRequest, notFound } from '@justera/application';
import { AdminRepository, OrganisationsRepository } from '@justera/persistence';
import type { AuthContext } from '../auth/auth-context';
import { ensureAllowed } from '../auth/policy';
import type { AdminMeta } from './admin-audit';

/**
 * At most this many characters: the name is the O (organizationName, X.520 upper bound 64) of every
 * new signer certificate and of the organisation's seal certificate (docs/signatures.md).
 */
export const ORGANISATION_NAME_MAX = 64;

/** The organisation's name as an admin typed it: trimmed, inner runs of white space made one space. */
export function organisationNameIssues(input: string): { name: string; issues: { path: string; message: string }[] } {
  const name = input.replace(/\s+/g, ' ').trim();
  const issues: { path: string; message: string }[] = [];
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(input.replace(/[\t\r\n]/g, ' ')))
    issues.push({ path: 'name', message: 'Namnet får inte innehålla styrtecken.' });
  else if (!name) issues.push({ path: 'name', message: 'Skriv organisationens namn.' });
  else if ([...name].length > ORGANISATION_NAME_MAX)
    issues.push({ path: 'name', message: `Namnet får vara högst ${ORGANISATION_NAME_MAX} tecken (det står i certifikaten).` });
  return { name, issues };
}

/**
 * The organisation's identity on /admin/organisation (docs/operations.md, "Administration"): its name — on the staff and public
 * pages, in the anslagsbevis, and in every new signer certificate and seal — and its adressnamn (the
 * address of its anslagstavla, shown, not changed: sealed anslagsbevis and feeds link to it).
 */
@Injectable()
export class OrganisationIdentityService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly admin: AdminRepository,
  ) {}

  async identity(auth: AuthContext): Promise<{ id: string; name: string; slug: string }> {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const o = await this.organisations.findOrganisation(organisationId);
    if (!o) throw notFound('Organisationen');
    return { id: o.id, name: o.name, slug: o.slug };
  }

  /** Renames the admin's own organisation (audited as `organisation.renamed`); false when the name was already that. */
  async rename(auth: AuthContext, input: string, meta: AdminMeta): Promise<boolean> {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const { name, issues } = organisationNameIssues(input);
    if (issues.length) throw invalidRequest(issues.map((i) => i.message).join(' '), issues);
    return this.admin.unitOfWork(async (uow) => {
      const before = await uow.renameOrganisation(organisationId, name);
      if (before === null) throw notFound('Organisationen');
      if (before === name) return false;
      await uow.appendAudit({
        id: randomUUID(),
        organisationId,
        actor: auth.via === 'apiKey' ? auth.principal.userId : `user:${auth.principal.userId}`,
        action: 'organisation.renamed',
        targetType: 'organisation',
        targetId: organisationId,
        detail: JSON.stringify({ before, after: name }),
        ip: meta.ip?.slice(0, 64) ?? null,
        at: new Date(),
      });
      return true;
    });
  }
}

/** The admin overview's line for an `organisation.renamed` event (its detail as stored). */
export function renamedTextSv(detail: string | null | undefined): string {
  let d: { before?: unknown; after?: unknown } = {};
  try {
    d = JSON.parse(detail ?? '{}') as typeof d;
  } catch {
    /* an unreadable detail: the line without names */
  }
  return typeof d.before === 'string' && typeof d.after === 'string'
    ? `bytte organisationens namn från ${d.before} till ${d.after}`
    : 'bytte organisationens namn';
}
