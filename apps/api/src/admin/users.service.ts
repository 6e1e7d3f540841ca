import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { checkPasswordPolicy, hashPassword } from '@justera/auth';
import { DomainError, invalidRequest } from '@justera/application';
import { AccessRepository, AdminRepository, OrganisationsRepository } from '@justera/persistence';
import { ensureAllowed } from '../auth/policy';
import type { AuthContext } from '../auth/auth-context';
import type { CreateUserDto } from './admin.dto';
import { AdminMeta, FieldIssue, appendAdminAudit, fieldError, requireKnownOrgans } from './admin-audit';
import { UserInput, invitationState, ownRoleIssue, roleAndOrgans } from './admin-rules';

/** An address is one login across the installation: the answer when it is taken in the caller's own organisation. */
export const SAME_ORGANISATION = 'Det finns redan en användare med den e-postadressen i organisationen.';

/** The organisation's staff: listed, changed (role and organs), deactivated and reactivated, audited (invitations: InvitationsService). */
@Injectable()
export class UsersService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly access: AccessRepository,
    private readonly admin: AdminRepository,
  ) {}

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
          return {
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            disabled: u.disabled,
            organIds: await this.access.organIdsOf(u.id),
            invitation: invitationState(inv, now),
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

  /** The ids of the organisation's organs (what a user or key may be given). */
  async knownOrganIds(organisationId: string): Promise<Set<string>> {
    return new Set((await this.organisations.listOrgans(organisationId)).map((o) => o.id));
  }

  /** Changes a user's role and the organs a sekreterare serves (never the caller's own admin role). */
  async updateUser(auth: AuthContext, userId: string, input: UserInput, meta: AdminMeta) {
    const user = await this.user(auth, userId);
    const issues: FieldIssue[] = [];
    const { role, organIds } = roleAndOrgans(input, await this.knownOrganIds(user.organisationId), issues);
    const own = ownRoleIssue(user.id === auth.principal.userId, role);
    if (own) issues.push(own);
    if (issues.length) throw fieldError(issues);
    const before = { role: user.role, organIds: await this.access.organIdsOf(user.id) };
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveUser({ ...user, role }, organIds);
      await appendAdminAudit(uow, auth, meta, 'user.updated', 'user', user.id, { before, after: { role, organIds } });
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
      await appendAdminAudit(uow, auth, meta, 'user.deactivated', 'user', user.id, { email: user.email, sessionsEnded: sessions });
    });
  }

  async reactivateUser(auth: AuthContext, userId: string, meta: AdminMeta) {
    const user = await this.user(auth, userId);
    await this.admin.unitOfWork(async (uow) => {
      await uow.saveUser({ ...user, disabled: false });
      await appendAdminAudit(uow, auth, meta, 'user.reactivated', 'user', user.id, { email: user.email });
    });
  }

  /** The JSON API's user with a password (POST /api/users): the password policy, known organs, a free address. */
  async createUser(auth: AuthContext, dto: CreateUserDto) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'users.manage', { organisationId });
    const policy = checkPasswordPolicy(dto.password, { personal: [dto.email, dto.name] });
    if (!policy.ok)
      throw invalidRequest(
        `password: ${policy.problems.map((p) => p.message).join(' ')}`,
        policy.problems.map((p) => ({ path: 'password', message: p.message })),
      );
    await requireKnownOrgans(this.organisations, organisationId, dto.organIds);
    const email = dto.email.trim().toLowerCase();
    const existing = await this.access.findUserByEmail(email);
    if (existing) {
      // An address is one login across the installation, so it cannot be added twice. In our own
      // organisation the admin sees that user in the list anyway; for an address of another
      // organisation the answer must not reveal that it has an account there (docs/security.md).
      if (existing.organisationId === organisationId) throw new DomainError('conflict', SAME_ORGANISATION);
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
      await appendAdminAudit(uow, auth, { ip: null }, 'user.created', 'user', user.id, {
        email,
        role: dto.role,
        organIds: dto.organIds ?? [],
      });
    });
    return { id: user.id, email, name: user.name, role: user.role, organIds: dto.organIds ?? [] };
  }
}
