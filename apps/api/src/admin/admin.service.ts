import { slugSv } from '@justera/sv';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  checkPasswordPolicy,
  hashPassword,
  hashToken,
  looksLikeToken,
  newApiKey,
  newLinkToken,
  newToken,
  visibleOrganIds,
} from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { accountInvitation } from '@justera/mail';
import {
  AccessRepository,
  AdminRepository,
  AdminUnitOfWork,
  ApiKeyEntity,
  OrganisationsRepository,
  UserEntity,
  UserRole,
} from '@justera/persistence';
import { queueMailInTransaction } from '@justera/queue';
import { ensureAllowed } from '../auth/policy';
import type { AuthContext } from '../auth/auth-context';
import { DomainError, actorOf, invalidRequest } from '@justera/application';
import { signatoryFieldIssues, substituteFieldIssues } from '@justera/justering';
import type { CreateApiKeyDto, CreateOrganDto, CreateUserDto, UpdateOrganDto } from './admin.dto';
import { OrganDefaults, OrganMember, OrganPerson, parseOrganDefaults } from './organ-defaults';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

export const APP_ROLES: readonly UserRole[] = ['admin', 'sekreterare', 'revisor'];
/** The application roles as the pages name them (docs/glossary.md, "Roles of the application"). */
export const APP_ROLE_SV: Record<UserRole, string> = { admin: 'Administratör', sekreterare: 'Sekreterare', revisor: 'Revisor' };

/** A field's problem, for the forms (`path` is the form field's name). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** What an admin types to invite someone or change a user's role. */
export interface UserInput {
  email?: string;
  name?: string;
  role?: string;
  organIds?: string[];
}

/** Where an admin action came from, for the admin audit trail. */
export interface AdminMeta {
  ip: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The signatory slots of an organ's defaults, as the form names them. */
export const SIGNATORY_SLOTS = [
  { key: 'sek', role: 'sekreterare', label: 'Sekreterare' },
  { key: 'ord', role: 'ordforande', label: 'Ordförande' },
  { key: 'jus1', role: 'justerare', label: 'Justerare 1' },
  { key: 'jus2', role: 'justerare', label: 'Justerare 2' },
] as const;

export type SignatorySlotKey = (typeof SIGNATORY_SLOTS)[number]['key'];

/** What the organ form sends. */
export interface OrganForm {
  name: string;
  storagePlace: string;
  signatories: Partial<Record<SignatorySlotKey, { name: string; email: string }>>;
  substitutes: string;
  members: string;
}

/** The non-empty lines of a textarea, numbered from 1 as the user sees them. */
function lines(text: string): { text: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ text: t.trim(), line: i + 1 }))
    .filter((l) => l.text.length > 0);
}

function fieldError(issues: FieldIssue[]): DomainError {
  return invalidRequest(issues.map((i) => i.message).join(' '), issues);
}

/** The organisation's organs, users, invitations and API keys, and a test e-mail that proves mail works. */
@Injectable()
export class AdminService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly access: AccessRepository,
    private readonly admin: AdminRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private actor(auth: AuthContext): string {
    return actorOf(auth);
  }

  private async audit(
    uow: AdminUnitOfWork,
    auth: AuthContext,
    meta: AdminMeta,
    action: string,
    targetType: string,
    targetId: string,
    detail: Record<string, unknown> = {},
  ) {
    await uow.appendAudit({
      id: randomUUID(),
      organisationId: auth.principal.organisationId,
      actor: this.actor(auth),
      action,
      targetType,
      targetId,
      detail: JSON.stringify(detail),
      ip: meta.ip?.slice(0, 64) ?? null,
      at: new Date(),
    });
  }

  /**
   * Who is calling (GET /api/me), with the organisation's name: the workspace fills a new protocol's
   * "Organisation" from it. A session caller also gets its CSRF token: the workspace (apps/web) sends
   * it in x-csrf-token.
   */
  async me(auth: AuthContext) {
    const organisation = await this.organisations.findOrganisation(auth.principal.organisationId);
    return {
      name: auth.name,
      ...auth.principal,
      organisationName: organisation?.name ?? '',
      via: auth.via,
      ...(auth.via === 'session' && auth.csrfToken ? { csrfToken: auth.csrfToken } : {}),
    };
  }

  /** How the organisation's staff log in: password (on unless turned off) and single sign-on (configured for the installation). */
  async loginSettings(auth: AuthContext) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const org = await this.organisations.findOrganisation(organisationId);
    return { passwordLogin: org?.passwordLogin !== false, singleSignOn: !!this.config.staffSso };
  }

  /**
   * Turns password login on or off (docs/identity.md, "Staff single sign-on"). Off needs single sign-on
   * configured, and an active administrator of the organisation who has logged in with it at least
   * once: otherwise nobody might be able to log in and turn it on again. Audited.
   */
  async setLoginSettings(auth: AuthContext, passwordLogin: boolean, meta: AdminMeta = { ip: null }) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    if (!passwordLogin && !this.config.staffSso)
      throw new DomainError(
        'conflict',
        'Inloggning med lösenord kan inte stängas av när organisationens inloggning (single sign-on) inte är inställd.',
      );
    const org = await this.organisations.findOrganisation(organisationId);
    if (!org) throw new DomainError('not_found');
    if (!passwordLogin && !(await this.anAdminHasLoggedInWithSso(organisationId)))
      throw new DomainError(
        'conflict',
        'Inloggning med lösenord kan inte stängas av förrän minst en aktiv administratör i organisationen har loggat in med organisationens inloggning. Annars kanske ingen administratör kan logga in och slå på det igen.',
      );
    const was = org.passwordLogin !== false;
    if (was !== passwordLogin)
      await this.admin.unitOfWork(async (uow) => {
        await uow.setPasswordLogin(organisationId, passwordLogin);
        await this.audit(uow, auth, meta, 'organisation.login-updated', 'organisation', organisationId, { passwordLogin });
      });
    return { passwordLogin, singleSignOn: !!this.config.staffSso };
  }

  /** An active admin of the organisation has a `login.sso` in the admin audit trail. */
  private async anAdminHasLoggedInWithSso(organisationId: string): Promise<boolean> {
    for (const id of await this.admin.ssoLoginUserIds(organisationId)) {
      const u = await this.access.findUser(id);
      if (u && u.organisationId === organisationId && u.role === 'admin' && !u.disabled) return true;
    }
    return false;
  }

  /** The organisation's newest staff logins and refused logins (admin audit trail, `login.*`). */
  async loginTrail(auth: AuthContext, limit = 30) {
    ensureAllowed(auth, 'organisation.admin', { organisationId: auth.principal.organisationId });
    return this.admin.listLoginAudit(auth.principal.organisationId, limit);
  }

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
    this.checkIdentityLevel(dto.identityLevel);
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
      await this.audit(uow, auth, meta, 'organ.created', 'organ', organ.id, {
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
    this.checkIdentityLevel(dto.identityLevel);
    const before = organ.identityLevel ?? 'e-postlank';
    if (dto.identityLevel) organ.identityLevel = dto.identityLevel;
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveOrgan(organ);
      if (dto.identityLevel && dto.identityLevel !== before)
        await this.audit(uow, auth, meta, 'organ.identity-level', 'organ', organ.id, { identityLevel: dto.identityLevel, before });
    });
    return organ;
  }

  private checkIdentityLevel(level: string | undefined) {
    if (level === 'e-legitimation' && !this.config.oidc) throw new DomainError('identity_unavailable');
  }

  private async checkOrgans(organisationId: string, organIds: string[] | undefined) {
    for (const id of organIds ?? []) {
      if (!(await this.organisations.findOrgan(organisationId, id)))
        throw invalidRequest(`organIds: okänt organ ${id}`, [{ path: 'organIds', message: `unknown organ ${id}` }]);
    }
  }

  async listUsers(auth: AuthContext) {
    ensureAllowed(auth, 'users.manage', { organisationId: auth.principal.organisationId });
    const users = await this.access.listUsers(auth.principal.organisationId);
    return Promise.all(
      users.map(async (u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        disabled: u.disabled,
        organIds: await this.access.organIdsOf(u.id),
      })),
    );
  }

  /** The user list of the admin page: each user's organs and whether an invitation still waits. */
  async usersOverview(auth: AuthContext) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'users.manage', { organisationId });
    const [users, organs] = await Promise.all([this.access.listUsers(organisationId), this.organisations.listOrgans(organisationId)]);
    const invitations = await this.admin.latestInvitations(users.map((u) => u.id));
    const now = new Date();
    return {
      organs: organs.map((o) => ({ id: o.id, name: o.name })),
      users: await Promise.all(
        users.map(async (u) => {
          const inv = invitations.get(u.id);
          const invitation = inv && !inv.usedAt ? (inv.expiresAt > now ? ('pending' as const) : ('expired' as const)) : null;
          return {
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            disabled: u.disabled,
            organIds: await this.access.organIdsOf(u.id),
            invitation,
            invitationExpiresAt: inv?.expiresAt ?? null,
          };
        }),
      ),
    };
  }

  /** One user of the caller's organisation (another organisation's is "not found"). */
  async user(auth: AuthContext, userId: string) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'users.manage', { organisationId });
    const u = await this.access.findUser(userId);
    if (!u || u.organisationId !== organisationId) throw new DomainError('not_found', 'Användaren finns inte.');
    return u;
  }

  /** Checks role and organs as typed; returns the organs a sekreterare will serve (none for the organisation-wide roles). */
  private async checkRoleAndOrgans(
    organisationId: string,
    input: UserInput,
    issues: FieldIssue[],
  ): Promise<{ role: UserRole; organIds: string[] }> {
    const role = APP_ROLES.find((r) => r === input.role);
    if (!role) issues.push({ path: 'role', message: 'Välj en roll.' });
    const organIds = [...new Set(input.organIds ?? [])];
    if (organIds.length > 200) issues.push({ path: 'organIds', message: 'Högst 200 organ.' });
    const known = new Set((await this.organisations.listOrgans(organisationId)).map((o) => o.id));
    if (organIds.some((id) => !known.has(id)))
      issues.push({ path: 'organIds', message: 'Ett av de valda organen finns inte i organisationen.' });
    if (role === 'sekreterare' && organIds.length === 0)
      issues.push({ path: 'organIds', message: 'Välj minst ett organ som sekreteraren ska arbeta för.' });
    return { role: role ?? 'sekreterare', organIds: role === 'sekreterare' ? organIds : [] };
  }

  /**
   * Invites a person by mail: the account is created without a usable password, and the mailed link
   * (an unguessable token stored only as its SHA-256, valid INVITATION_DAYS) sets it on the first visit.
   */
  async inviteUser(auth: AuthContext, input: UserInput, meta: AdminMeta) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'users.manage', { organisationId });
    const issues: FieldIssue[] = [];
    const email = (input.email ?? '').trim().toLowerCase();
    const name = (input.name ?? '').trim();
    if (!email) issues.push({ path: 'email', message: 'Skriv personens e-postadress.' });
    else if (email.length > 254 || !EMAIL.test(email))
      issues.push({ path: 'email', message: 'Skriv en giltig e-postadress, till exempel anna.berg@kommun.se.' });
    if (!name) issues.push({ path: 'name', message: 'Skriv personens namn.' });
    else if (name.length > 200) issues.push({ path: 'name', message: 'Namnet får vara högst 200 tecken.' });
    const { role, organIds } = await this.checkRoleAndOrgans(organisationId, input, issues);
    if (issues.length) throw fieldError(issues);
    const existing = await this.access.findUserByEmail(email);
    if (existing) {
      // An address is one login across the installation (docs/security.md): in our own organisation
      // say so; for another organisation's address say nothing about where it is used.
      if (existing.organisationId === organisationId)
        throw new DomainError('conflict', 'Det finns redan en användare med den e-postadressen i organisationen.', [
          { path: 'email', message: 'Det finns redan en användare med den e-postadressen i organisationen.' },
        ]);
      throw new DomainError('email_unavailable', undefined, [
        { path: 'email', message: 'E-postadressen kan inte användas för ett nytt konto. Välj en annan adress.' },
      ]);
    }
    // A real scrypt hash of a secret nobody keeps: the account cannot log in before the link is used,
    // and a login attempt costs the same time as for any account.
    const user: UserEntity = {
      id: randomUUID(),
      organisationId,
      email,
      name,
      role,
      passwordHash: await hashPassword(newToken()),
      disabled: false,
      createdAt: new Date(),
    };
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveUser(user, organIds);
      await this.queueInvitation(uow, auth, user);
      await this.audit(uow, auth, meta, 'user.invited', 'user', user.id, { email, role, organIds });
    });
    return { id: user.id, email, name, role, organIds };
  }

  private async queueInvitation(uow: AdminUnitOfWork, auth: AuthContext, user: UserEntity) {
    const now = new Date();
    await uow.voidInvitationsOf(user.id, now);
    const { token, tokenHash } = newLinkToken();
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
    await uow.insertInvitation({
      id: randomUUID(),
      userId: user.id,
      organisationId: user.organisationId,
      tokenHash,
      expiresAt,
      usedAt: null,
      createdBy: this.actor(auth),
      createdAt: now,
    });
    const organisation = await this.organisations.findOrganisation(user.organisationId);
    // The invited person's contact is the admin who invited her (the footer names her address).
    const inviter = await this.access.findUser(auth.principal.userId);
    const mail = accountInvitation({
      recipientName: user.name,
      organisation: organisation?.name ?? 'Justera',
      roleSv: APP_ROLE_SV[user.role],
      invitedBy: auth.name,
      invitedByEmail: inviter?.email,
      link: `${this.config.publicUrl.replace(/\/$/, '')}/inbjudan/${token}`,
      expiresAt,
    });
    await queueMailInTransaction(uow.manager, { organisationId: user.organisationId, kind: 'account.invitation', to: user.email, ...mail });
  }

  /** A new invitation link for a user who has not chosen a password yet (the old link stops working). */
  async reinvite(auth: AuthContext, userId: string, meta: AdminMeta) {
    const user = await this.user(auth, userId);
    if (user.disabled) throw new DomainError('conflict', 'Användaren är inaktiverad. Aktivera användaren först.');
    await this.admin.unitOfWork(async (uow) => {
      await this.queueInvitation(uow, auth, user);
      await this.audit(uow, auth, meta, 'user.reinvited', 'user', user.id, { email: user.email });
    });
  }

  /** Changes a user's role and the organs a sekreterare serves. */
  async updateUser(auth: AuthContext, userId: string, input: UserInput, meta: AdminMeta) {
    const user = await this.user(auth, userId);
    const issues: FieldIssue[] = [];
    const { role, organIds } = await this.checkRoleAndOrgans(user.organisationId, input, issues);
    if (user.id === auth.principal.userId && role !== 'admin')
      issues.push({ path: 'role', message: 'Du kan inte ta bort din egen administratörsroll.' });
    if (issues.length) throw fieldError(issues);
    const before = { role: user.role, organIds: await this.access.organIdsOf(user.id) };
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveUser({ ...user, role }, organIds);
      await this.audit(uow, auth, meta, 'user.updated', 'user', user.id, { before, after: { role, organIds } });
    });
  }

  /** Deactivates a user: no more logins, every session ends now, an open invitation is void. */
  async deactivateUser(auth: AuthContext, userId: string, meta: AdminMeta) {
    const user = await this.user(auth, userId);
    if (user.id === auth.principal.userId) throw new DomainError('conflict', 'Du kan inte inaktivera ditt eget konto.');
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveUser({ ...user, disabled: true });
      const sessions = await uow.deleteSessionsOf(user.id);
      await uow.voidInvitationsOf(user.id, new Date());
      await this.audit(uow, auth, meta, 'user.deactivated', 'user', user.id, { email: user.email, sessionsEnded: sessions });
    });
  }

  async reactivateUser(auth: AuthContext, userId: string, meta: AdminMeta) {
    const user = await this.user(auth, userId);
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveUser({ ...user, disabled: false });
      await this.audit(uow, auth, meta, 'user.reactivated', 'user', user.id, { email: user.email });
    });
  }

  /** The invitation behind a link, or why it cannot be used (for the public page; no caller). */
  async invitation(
    token: string,
  ): Promise<{ state: 'ok'; id: string; name: string; email: string; organisation: string } | { state: 'unknown' | 'used' | 'expired' }> {
    if (!looksLikeToken(token)) return { state: 'unknown' };
    const inv = await this.admin.findInvitationByTokenHash(hashToken(token));
    if (!inv) return { state: 'unknown' };
    const user = await this.access.findUser(inv.userId);
    if (!user || user.disabled) return { state: 'unknown' };
    if (inv.usedAt) return { state: 'used' };
    if (inv.expiresAt <= new Date()) return { state: 'expired' };
    const organisation = await this.organisations.findOrganisation(user.organisationId);
    return { state: 'ok', id: inv.id, name: user.name, email: user.email, organisation: organisation?.name ?? '' };
  }

  /** Sets the password from the invitation link; the link is spent. */
  async acceptInvitation(token: string, password: string, repeat: string) {
    const inv = await this.invitation(token);
    if (inv.state !== 'ok') return inv;
    const issues: FieldIssue[] = [];
    const policy = checkPasswordPolicy(password, { personal: [inv.email, inv.name, inv.organisation] });
    if (!policy.ok) issues.push(...policy.problems.map((p) => ({ path: 'password', message: p.message })));
    else if (password !== repeat) issues.push({ path: 'repeat', message: 'Lösenorden är inte lika. Skriv samma lösenord två gånger.' });
    if (issues.length) throw fieldError(issues);
    const hash = await hashPassword(password);
    const accepted = await this.admin.unitOfWork((uow) => uow.acceptInvitation(inv.id, new Date(), hash));
    return accepted ? { state: 'accepted' as const, email: inv.email } : { state: 'used' as const };
  }

  async createUser(auth: AuthContext, dto: CreateUserDto) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'users.manage', { organisationId });
    const policy = checkPasswordPolicy(dto.password, { personal: [dto.email, dto.name] });
    if (!policy.ok)
      throw invalidRequest(
        `password: ${policy.problems.map((p) => p.message).join(' ')}`,
        policy.problems.map((p) => ({ path: 'password', message: p.message })),
      );
    await this.checkOrgans(organisationId, dto.organIds);
    const email = dto.email.trim().toLowerCase();
    const existing = await this.access.findUserByEmail(email);
    if (existing) {
      // An address is one login across the installation, so it cannot be added twice. In our own
      // organisation the admin sees that user in the list anyway; for an address of another
      // organisation the answer must not reveal that it has an account there (docs/security.md).
      if (existing.organisationId === organisationId)
        throw new DomainError('conflict', 'Det finns redan en användare med den e-postadressen i organisationen.');
      throw new DomainError('email_unavailable', 'E-postadressen kan inte användas för ett nytt konto. Välj en annan adress.');
    }
    const user = {
      id: randomUUID(),
      organisationId,
      email,
      name: dto.name,
      role: dto.role,
      passwordHash: await hashPassword(dto.password),
      disabled: false,
      createdAt: new Date(),
    };
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveUser(user, dto.organIds ?? []);
      await this.audit(uow, auth, { ip: null }, 'user.created', 'user', user.id, { email, role: dto.role, organIds: dto.organIds ?? [] });
    });
    return { id: user.id, email, name: user.name, role: user.role, organIds: dto.organIds ?? [] };
  }

  async createApiKey(auth: AuthContext, dto: CreateApiKeyDto, meta: AdminMeta = { ip: null }) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'apikeys.manage', { organisationId });
    await this.checkOrgans(organisationId, dto.organIds);
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
      await this.audit(uow, auth, meta, 'apikey.created', 'apikey', id, { name: dto.name, role: dto.role, publicId: k.publicId });
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
      await this.audit(uow, auth, meta, 'apikey.revoked', 'apikey', key.id, { name: key.name, publicId: key.publicId });
    });
  }

  // ------------------------------------------------------------ organs

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

  /** A new organ from the admin page's form (name, URL name, förvaringsplats). */
  async createOrganFromForm(auth: AuthContext, input: { name: string; slug: string; storagePlace: string }, meta: AdminMeta) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const issues: FieldIssue[] = [];
    const name = input.name.trim();
    // Left empty, the kortnamn is made from the name ("Bygg- och miljönämnden" → bygg-och-miljonamnden).
    const slug = (input.slug.trim() || slugSv(name)).toLowerCase();
    const storagePlace = input.storagePlace.trim();
    if (!name) issues.push({ path: 'name', message: 'Skriv organets namn, till exempel Kommunstyrelsen.' });
    else if (name.length > 200) issues.push({ path: 'name', message: 'Namnet får vara högst 200 tecken.' });
    // With nothing typed in either field the name's message says it all.
    const checkSlug = !!(name || slug);
    if (checkSlug && !/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(slug))
      issues.push({
        path: 'slug',
        message: 'Kortnamnet får bara innehålla a–z, 0–9 och bindestreck (1–64 tecken), till exempel kommunstyrelsen.',
      });
    else if (checkSlug && (await this.organisations.findOrganBySlug(organisationId, slug)))
      issues.push({
        path: 'slug',
        message: input.slug.trim()
          ? 'Det finns redan ett organ med det kortnamnet.'
          : `Det finns redan ett organ med kortnamnet ${slug}, som görs av namnet. Skriv ett annat kortnamn.`,
      });
    if (storagePlace.length > 200) issues.push({ path: 'storagePlace', message: 'Förvaringsplatsen får vara högst 200 tecken.' });
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
      await this.audit(uow, auth, meta, 'organ.created', 'organ', organ.id, { name, slug });
    });
    return organ;
  }

  /**
   * Saves an organ's name, förvaringsplats and defaults for new protocols: the usual signatories (each
   * slot may stay empty), their ersättare ("Namn, e-post" a line) and the members for the editor
   * ("Namn, Parti, Kommun" a line). Every problem names its field (and line).
   */
  async saveOrganForm(auth: AuthContext, id: string, input: OrganForm, meta: AdminMeta) {
    const organ = await this.organOf(auth, id);
    const issues: FieldIssue[] = [];
    const name = input.name.trim();
    const storagePlace = input.storagePlace.trim();
    if (!name) issues.push({ path: 'name', message: 'Skriv organets namn.' });
    else if (name.length > 200) issues.push({ path: 'name', message: 'Namnet får vara högst 200 tecken.' });
    if (storagePlace.length > 200) issues.push({ path: 'storagePlace', message: 'Förvaringsplatsen får vara högst 200 tecken.' });
    const signatories: OrganDefaults['signatories'] = [];
    const seen = new Map<string, string>();
    for (const slot of SIGNATORY_SLOTS) {
      const s = input.signatories[slot.key] ?? { name: '', email: '' };
      const person = { role: slot.role, name: s.name.trim(), email: s.email.trim() };
      if (!person.name && !person.email) continue;
      for (const issue of signatoryFieldIssues([person], { complete: true, prefix: 'x' })) {
        const field = issue.path.endsWith('.email') ? 'email' : 'name';
        if (issue.path === 'x') continue; // "exactly one sekreterare" and the like: a default may leave slots empty
        issues.push({ path: `${slot.key}_${field}`, message: `${slot.label}: ${issue.message}` });
      }
      const key = person.email.toLowerCase();
      if (key && seen.has(key))
        issues.push({ path: `${slot.key}_email`, message: `${slot.label}: samma e-postadress som ${seen.get(key)}.` });
      else if (key) seen.set(key, slot.label.toLowerCase());
      signatories.push(person);
    }
    const substitutes: OrganPerson[] = [];
    lines(input.substitutes).forEach(({ text, line }) => {
      const [n = '', email = '', ...rest] = text.split(',').map((x) => x.trim());
      const person = email ? { name: n, email } : { name: n };
      const problems = rest.length
        ? [{ message: 'skriv namn och e-postadress åtskilda av ett kommatecken.' }]
        : substituteFieldIssues([person], 'x');
      for (const p of problems) issues.push({ path: 'substitutes', message: `Ersättare, rad ${line}: ${p.message}` });
      substitutes.push(person);
    });
    if (substitutes.length > 10) issues.push({ path: 'substitutes', message: 'Högst tio ersättare.' });
    const members: OrganMember[] = [];
    lines(input.members).forEach(({ text, line }) => {
      const [n = '', party = '', municipality = '', ...rest] = text.split(',').map((x) => x.trim());
      if (!n) issues.push({ path: 'members', message: `Ledamöter, rad ${line}: namnet saknas.` });
      else if (rest.length)
        issues.push({ path: 'members', message: `Ledamöter, rad ${line}: skriv namn, parti och kommun åtskilda av kommatecken.` });
      else if (n.length > 200 || party.length > 100 || municipality.length > 100)
        issues.push({ path: 'members', message: `Ledamöter, rad ${line}: för lång text.` });
      members.push({ name: n, ...(party ? { party } : {}), ...(municipality ? { municipality } : {}) });
    });
    if (members.length > 200) issues.push({ path: 'members', message: 'Högst 200 ledamöter.' });
    if (issues.length) throw fieldError(issues);
    const defaults: OrganDefaults = { signatories, substitutes, members };
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveOrgan({ ...organ, name, storagePlace: storagePlace || null, defaults: JSON.stringify(defaults) });
      await this.audit(uow, auth, meta, 'organ.updated', 'organ', organ.id, {
        name,
        signatories: signatories.length,
        substitutes: substitutes.length,
        members: members.length,
      });
    });
  }

  /** The newest administrative actions of the organisation. */
  async auditTrail(auth: AuthContext, limit = 50) {
    ensureAllowed(auth, 'organisation.admin', { organisationId: auth.principal.organisationId });
    return this.admin.listAudit(auth.principal.organisationId, limit);
  }

  /**
   * Queues a test e-mail: the delivery row and its job are written in one transaction (outbox), and the
   * worker sends it. Proves the whole chain API → database → Redis → worker → SMTP.
   */
  async sendTestMail(auth: AuthContext, to: string) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const deliveryId = await this.admin.unitOfWork((uow) =>
      queueMailInTransaction(uow.manager, {
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
    const d = await this.admin.findDelivery(auth.principal.organisationId, id);
    if (!d) throw new DomainError('not_found', 'Utskicket finns inte.');
    return {
      id: d.id,
      to: d.toAddress,
      subject: d.subject,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      sentAt: d.sentAt,
      messageId: d.messageId,
    };
  }
}

function parseIds(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
