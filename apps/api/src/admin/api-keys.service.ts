import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { newApiKey } from '@justera/auth';
import { DomainError } from '@justera/application';
import { AccessRepository, AdminRepository, ApiKeyEntity, OrganisationsRepository } from '@justera/persistence';
import { ensureAllowed } from '../auth/policy';
import type { AuthContext } from '../auth/auth-context';
import type { CreateApiKeyDto } from './admin.dto';
import { AdminMeta, appendAdminAudit, requireKnownOrgans } from './admin-audit';

/** The organisation's API keys: made (the key shown once, only its hash stored), listed and revoked, audited. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly access: AccessRepository,
    private readonly admin: AdminRepository,
  ) {}

  async createApiKey(auth: AuthContext, dto: CreateApiKeyDto, meta: AdminMeta = { ip: null }) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'apikeys.manage', { organisationId });
    await requireKnownOrgans(this.organisations, organisationId, dto.organIds);
    const k = newApiKey();
    const id = randomUUID();
    const key: ApiKeyEntity = {
      id,
      organisationId,
      publicId: k.publicId,
      secretHash: k.secretHash,
      name: dto.name,
      role: dto.role,
      organIds: JSON.stringify(dto.organIds ?? []),
      createdBy: auth.principal.userId,
      createdAt: new Date(),
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveApiKey(key);
      await appendAdminAudit(uow, auth, meta, 'apikey.created', 'apikey', id, { name: dto.name, role: dto.role, publicId: k.publicId });
    });
    return { id, name: dto.name, role: dto.role, key: k.key, note: 'Nyckeln visas bara nu. Spara den på ett säkert ställe.' };
  }

  async listApiKeys(auth: AuthContext) {
    ensureAllowed(auth, 'apikeys.manage', { organisationId: auth.principal.organisationId });
    return (await this.access.listApiKeys(auth.principal.organisationId)).map((k) => ({
      id: k.id,
      name: k.name,
      role: k.role,
      publicId: k.publicId,
      organIds: parseIds(k.organIds),
      createdAt: k.createdAt,
      lastUsedAt: k.lastUsedAt ?? null,
      revokedAt: k.revokedAt,
    }));
  }

  async apiKey(auth: AuthContext, id: string) {
    const key = (await this.listApiKeys(auth)).find((k) => k.id === id);
    if (!key) throw new DomainError('not_found', 'API-nyckeln finns inte.');
    return key;
  }

  async revokeApiKey(auth: AuthContext, id: string, meta: AdminMeta = { ip: null }) {
    ensureAllowed(auth, 'apikeys.manage', { organisationId: auth.principal.organisationId });
    const key = (await this.access.listApiKeys(auth.principal.organisationId)).find((k) => k.id === id);
    if (!key) throw new DomainError('not_found', 'API-nyckeln finns inte.');
    if (key.revokedAt) return;
    key.revokedAt = new Date();
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveApiKey(key);
      await appendAdminAudit(uow, auth, meta, 'apikey.revoked', 'apikey', key.id, { name: key.name, publicId: key.publicId });
    });
  }
}

/** A key's stored organ ids (a JSON array); anything unreadable is none. */
function parseIds(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
