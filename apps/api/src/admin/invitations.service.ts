import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, actorOf } from '@justera/application';
import { checkPasswordPolicy, hashPassword, hashToken, looksLikeToken, newLinkToken, newToken } from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { accountInvitation } from '@justera/mail';
import { AccessRepository, AdminRepository, AdminUnitOfWork, OrganisationsRepository, UserEntity } from '@justera/persistence';
import { queueMailInTransaction } from '@justera/queue';
import { ensureAllowed } from '../auth/policy';
import type { AuthContext } from '../auth/auth-context';
import { AdminMeta, FieldIssue, appendAdminAudit, fieldError } from './admin-audit';
import { APP_ROLE_SV, INVITATION_DAYS, UserInput, invitationLinkState, inviteeIssues, roleAndOrgans } from './admin-rules';
import { SAME_ORGANISATION, UsersService } from './users.service';

export type InvitationLink =
  { state: 'ok'; id: string; name: string; email: string; organisation: string } | { state: 'unknown' | 'used' | 'expired' };

/**
 * Invitations: an admin invites a person or sends a new link; the link (an unguessable token stored
 * only as its SHA-256, valid INVITATION_DAYS) is made and mailed in the admin's unit of work, and used
 * once on the public page /inbjudan/:token to choose a password.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly access: AccessRepository,
    private readonly admin: AdminRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  /** Voids the user's open invitations and queues a new one, mailed from the inviting admin, in `uow`. */
  private async queue(uow: AdminUnitOfWork, auth: AuthContext, user: UserEntity): Promise<void> {
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
      createdBy: actorOf(auth),
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

  /**
   * Invites a person by mail (`inviteeIssues`, `roleAndOrgans`): the account is created without a
   * usable password, and the mailed link sets it on the first visit.
   */
  async inviteUser(auth: AuthContext, input: UserInput, meta: AdminMeta) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'users.manage', { organisationId });
    const issues: FieldIssue[] = [];
    const { email, name } = inviteeIssues(input, issues);
    const { role, organIds } = roleAndOrgans(input, await this.users.knownOrganIds(organisationId), issues);
    if (issues.length) throw fieldError(issues);
    const existing = await this.access.findUserByEmail(email);
    if (existing) {
      // An address is one login across the installation (docs/security.md): in our own organisation
      // say so; for another organisation's address say nothing about where it is used.
      if (existing.organisationId === organisationId)
        throw new DomainError('conflict', SAME_ORGANISATION, [{ path: 'email', message: SAME_ORGANISATION }]);
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
      await this.queue(uow, auth, user);
      await appendAdminAudit(uow, auth, meta, 'user.invited', 'user', user.id, { email, role, organIds });
    });
    return { id: user.id, email, name, role, organIds };
  }

  /** A new invitation link for a user who has not chosen a password yet (the old link stops working). */
  async reinvite(auth: AuthContext, userId: string, meta: AdminMeta) {
    const user = await this.users.user(auth, userId);
    if (user.disabled) throw new DomainError('conflict', 'Användaren är inaktiverad. Aktivera användaren först.');
    await this.admin.unitOfWork(async (uow) => {
      await this.queue(uow, auth, user);
      await appendAdminAudit(uow, auth, meta, 'user.reinvited', 'user', user.id, { email: user.email });
    });
  }

  /** The invitation behind a link, or why it cannot be used (for the public page; no caller). */
  async invitation(token: string): Promise<InvitationLink> {
    if (!looksLikeToken(token)) return { state: 'unknown' };
    const inv = await this.admin.findInvitationByTokenHash(hashToken(token));
    if (!inv) return { state: 'unknown' };
    const user = await this.access.findUser(inv.userId);
    const state = invitationLinkState(inv, user, new Date());
    if (state || !user) return { state: state ?? 'unknown' };
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
}
