import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { visibleOrganIds } from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { DomainError } from '@justera/application';
import { AdminRepository, OrganisationsRepository } from '@justera/persistence';
import { ensureAllowed } from '../auth/policy';
import type { AuthContext } from '../auth/auth-context';
import type { CreateOrganDto, UpdateOrganDto } from './admin.dto';
import { AdminMeta, FieldIssue, appendAdminAudit, fieldError } from './admin-audit';
import { checkIdentityLevel } from './admin-rules';
import { parseOrganDefaults } from './organ-defaults';
import { OrganForm, newOrgan, readOrganForm, slugTakenIssue, storagePlaceIssue } from './organ-form';

/** The organisation's organs: the JSON API's list, create and identity level, and the admin pages' organ forms. */
@Injectable()
export class OrgansService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly admin: AdminRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether e-legitimation can be required (JUSTERA_OIDC_* configured), and the provider's label. */
  identityOptions(): { available: boolean; provider: string | null } {
    return { available: !!this.config.oidc, provider: this.config.oidc?.label ?? null };
  }

  async listOrgans(auth: AuthContext) {
    const visible = visibleOrganIds(auth.principal, 'protocol.read');
    const organs = await this.organisations.listOrgans(auth.principal.organisationId);
    // The defaults (signatories, ersättare, members) go out parsed: the editor fills a new protocol from them.
    return organs
      .filter((o) => visible === 'all' || visible.includes(o.id))
      .map((o) => ({ ...o, defaults: parseOrganDefaults(o.defaults) }));
  }

  async createOrgan(auth: AuthContext, dto: CreateOrganDto, meta: AdminMeta = { ip: null }) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    if (await this.organisations.findOrganBySlug(organisationId, dto.slug))
      throw new DomainError('conflict', `Det finns redan ett organ med namnet "${dto.slug}".`);
    checkIdentityLevel(dto.identityLevel, !!this.config.oidc);
    const organ = {
      id: randomUUID(),
      organisationId,
      slug: dto.slug,
      name: dto.name,
      storagePlace: dto.storagePlace ?? null,
      identityLevel: dto.identityLevel ?? 'e-postlank',
      createdAt: new Date(),
    };
    // Audited like the admin page's organs (commit 9347f17 said so; the JSON API had been left out).
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveOrgan(organ);
      await appendAdminAudit(uow, auth, meta, 'organ.created', 'organ', organ.id, {
        name: organ.name,
        slug: organ.slug,
        storagePlace: organ.storagePlace,
        identityLevel: organ.identityLevel,
      });
    });
    return organ;
  }

  /** Changes an organ's settings (its identity level); the justeringar already started keep theirs. */
  async updateOrgan(auth: AuthContext, organId: string, dto: UpdateOrganDto, meta: AdminMeta = { ip: null }) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const organ = await this.organisations.findOrgan(organisationId, organId);
    if (!organ) throw new DomainError('not_found', 'Organet finns inte.');
    checkIdentityLevel(dto.identityLevel, !!this.config.oidc);
    const before = organ.identityLevel ?? 'e-postlank';
    if (dto.identityLevel) organ.identityLevel = dto.identityLevel;
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveOrgan(organ);
      if (dto.identityLevel && dto.identityLevel !== before)
        await appendAdminAudit(uow, auth, meta, 'organ.identity-level', 'organ', organ.id, { identityLevel: dto.identityLevel, before });
    });
    return organ;
  }

  private async organOf(auth: AuthContext, id: string) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const organ = await this.organisations.findOrgan(organisationId, id);
    if (!organ) throw new DomainError('not_found', 'Organet finns inte.');
    return organ;
  }

  /** The organs of the admin page, with their defaults. */
  async organsOverview(auth: AuthContext) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    return (await this.organisations.listOrgans(organisationId)).map((o) => ({ ...o, defaults: parseOrganDefaults(o.defaults) }));
  }

  async organWithDefaults(auth: AuthContext, id: string) {
    const o = await this.organOf(auth, id);
    return { ...o, defaults: parseOrganDefaults(o.defaults) };
  }

  /** A new organ from the admin page's form (name, kortnamn, förvaringsplats): `newOrgan`'s rules, the kortnamn unique. */
  async createOrganFromForm(auth: AuthContext, input: { name: string; slug: string; storagePlace: string }, meta: AdminMeta) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const issues: FieldIssue[] = [];
    const { name, slug, storagePlace, slugToCheck } = newOrgan(input, issues);
    if (slugToCheck && (await this.organisations.findOrganBySlug(organisationId, slugToCheck)))
      issues.push(slugTakenIssue(input.slug, slug));
    const place = storagePlaceIssue(storagePlace);
    if (place) issues.push(place);
    if (issues.length) throw fieldError(issues);
    const organ = {
      id: randomUUID(),
      organisationId,
      slug,
      name,
      storagePlace: storagePlace || null,
      createdAt: new Date(),
      defaults: null,
    };
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveOrgan(organ);
      await appendAdminAudit(uow, auth, meta, 'organ.created', 'organ', organ.id, { name, slug });
    });
    return organ;
  }

  /** Saves an organ's name, förvaringsplats and defaults for new protocols (`readOrganForm`'s rules). */
  async saveOrganForm(auth: AuthContext, id: string, input: OrganForm, meta: AdminMeta) {
    const organ = await this.organOf(auth, id);
    const { name, storagePlace, defaults, issues } = readOrganForm(input);
    if (issues.length) throw fieldError(issues);
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveOrgan({ ...organ, name, storagePlace: storagePlace || null, defaults: JSON.stringify(defaults) });
      await appendAdminAudit(uow, auth, meta, 'organ.updated', 'organ', organ.id, {
        name,
        signatories: defaults.signatories.length,
        substitutes: defaults.substitutes.length,
        members: defaults.members.length,
      });
    });
  }
}
