import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { checkPasswordPolicy, hashPassword, newApiKey, visibleOrganIds } from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { AccessRepository, MailDeliveryEntity, OrganisationsRepository } from '@justera/persistence';
import { queueMailInTransaction } from '@justera/queue';
import { ensureAllowed } from '../auth/policy';
import type { AuthContext } from '../auth/auth-context';
import { DomainError, invalidRequest } from '@justera/application';
import type { CreateApiKeyDto, CreateOrganDto, CreateUserDto, UpdateOrganDto } from './admin.dto';

/** The organisation's organs, users and API keys, and a test e-mail that proves mail works. */
@Injectable()
export class AdminService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly access: AccessRepository,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async listOrgans(auth: AuthContext) {
    const visible = visibleOrganIds(auth.principal, 'protocol.read');
    const organs = await this.organisations.listOrgans(auth.principal.organisationId);
    return organs.filter((o) => visible === 'all' || visible.includes(o.id));
  }

  async createOrgan(auth: AuthContext, dto: CreateOrganDto) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    if (await this.organisations.findOrganBySlug(organisationId, dto.slug)) throw new DomainError('conflict', `Det finns redan ett organ med namnet "${dto.slug}".`);
    this.checkIdentityLevel(dto.identityLevel);
    const organ = { id: randomUUID(), organisationId, slug: dto.slug, name: dto.name, storagePlace: dto.storagePlace ?? null, identityLevel: dto.identityLevel ?? 'e-postlank', createdAt: new Date() };
    await this.organisations.saveOrgan(organ);
    return organ;
  }

  /** Changes an organ's settings (its identity level); the justeringar already started keep theirs. */
  async updateOrgan(auth: AuthContext, organId: string, dto: UpdateOrganDto) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const organ = await this.organisations.findOrgan(organisationId, organId);
    if (!organ) throw new DomainError('not_found', 'Organet finns inte.');
    this.checkIdentityLevel(dto.identityLevel);
    if (dto.identityLevel) organ.identityLevel = dto.identityLevel;
    await this.organisations.saveOrgan(organ);
    return organ;
  }

  private checkIdentityLevel(level: string | undefined) {
    if (level === 'e-legitimation' && !this.config.oidc) throw new DomainError('identity_unavailable');
  }

  private async checkOrgans(organisationId: string, organIds: string[] | undefined) {
    for (const id of organIds ?? []) {
      if (!(await this.organisations.findOrgan(organisationId, id))) throw invalidRequest(`organIds: okänt organ ${id}`, [{ path: 'organIds', message: `unknown organ ${id}` }]);
    }
  }

  async listUsers(auth: AuthContext) {
    ensureAllowed(auth, 'users.manage', { organisationId: auth.principal.organisationId });
    const users = await this.access.listUsers(auth.principal.organisationId);
    return Promise.all(users.map(async (u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, organIds: await this.access.organIdsOf(u.id) })));
  }

  async createUser(auth: AuthContext, dto: CreateUserDto) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'users.manage', { organisationId });
    const policy = checkPasswordPolicy(dto.password, { personal: [dto.email, dto.name] });
    if (!policy.ok) throw invalidRequest(`password: ${policy.problems.map((p) => p.message).join(' ')}`, policy.problems.map((p) => ({ path: 'password', message: p.message })));
    await this.checkOrgans(organisationId, dto.organIds);
    const email = dto.email.trim().toLowerCase();
    const existing = await this.access.findUserByEmail(email);
    if (existing) {
      // An address is one login across the installation, so it cannot be added twice. In our own
      // organisation the admin sees that user in the list anyway; for an address of another
      // organisation the answer must not reveal that it has an account there (docs/security.md).
      if (existing.organisationId === organisationId) throw new DomainError('conflict', 'Det finns redan en användare med den e-postadressen i organisationen.');
      throw new DomainError('email_unavailable', 'E-postadressen kan inte användas för ett nytt konto. Välj en annan adress.');
    }
    const user = { id: randomUUID(), organisationId, email, name: dto.name, role: dto.role, passwordHash: await hashPassword(dto.password), disabled: false, createdAt: new Date() };
    await this.access.saveUser(user, dto.organIds ?? []);
    return { id: user.id, email, name: user.name, role: user.role, organIds: dto.organIds ?? [] };
  }

  async createApiKey(auth: AuthContext, dto: CreateApiKeyDto) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'apikeys.manage', { organisationId });
    await this.checkOrgans(organisationId, dto.organIds);
    const k = newApiKey();
    const id = randomUUID();
    await this.access.saveApiKey({
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
    });
    return { id, name: dto.name, role: dto.role, key: k.key, note: 'Nyckeln visas bara nu. Spara den på ett säkert ställe.' };
  }

  async listApiKeys(auth: AuthContext) {
    ensureAllowed(auth, 'apikeys.manage', { organisationId: auth.principal.organisationId });
    return (await this.access.listApiKeys(auth.principal.organisationId)).map((k) => ({ id: k.id, name: k.name, role: k.role, publicId: k.publicId, createdAt: k.createdAt, revokedAt: k.revokedAt }));
  }

  async revokeApiKey(auth: AuthContext, id: string) {
    ensureAllowed(auth, 'apikeys.manage', { organisationId: auth.principal.organisationId });
    const key = (await this.access.listApiKeys(auth.principal.organisationId)).find((k) => k.id === id);
    if (!key) throw new DomainError('not_found', 'API-nyckeln finns inte.');
    key.revokedAt = key.revokedAt ?? new Date();
    await this.access.saveApiKey(key);
  }

  /**
   * Queues a test e-mail: the delivery row and its job are written in one transaction (outbox), and the
   * worker sends it. Proves the whole chain API → database → Redis → worker → SMTP.
   */
  async sendTestMail(auth: AuthContext, to: string) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const deliveryId = await this.dataSource.transaction((m) =>
      queueMailInTransaction(m, {
        organisationId,
        kind: 'admin.test',
        to,
        subject: 'Testmeddelande från Justera',
        text: `Hej!\n\nDetta är ett testmeddelande från Justera (${this.config.publicUrl}), skickat av ${auth.name}.\nOm du läser det här fungerar e-posten.\n\n(This is a test message from Justera.)\n`,
        html: `<p>Hej!</p><p>Detta är ett testmeddelande från Justera. Om du läser det här fungerar e-posten.</p><p lang="en">This is a test message from Justera.</p>`,
      }),
    );
    return { deliveryId, status: 'queued' };
  }

  async delivery(auth: AuthContext, id: string) {
    ensureAllowed(auth, 'organisation.admin', { organisationId: auth.principal.organisationId });
    const d = await this.dataSource.getRepository(MailDeliveryEntity).findOneBy({ id, organisationId: auth.principal.organisationId });
    if (!d) throw new DomainError('not_found', 'Utskicket finns inte.');
    return { id: d.id, to: d.toAddress, subject: d.subject, status: d.status, attempts: d.attempts, lastError: d.lastError, sentAt: d.sentAt, messageId: d.messageId };
  }
}
