import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Like, Not } from 'typeorm';
import { AdminAuditEventEntity, UserInvitationEntity } from '../entities/admin.entity';
import { ApiKeyEntity } from '../entities/api-key.entity';
import { MailDeliveryEntity } from '../entities/mail-delivery.entity';
import { OrganEntity } from '../entities/organ.entity';
import { OrganisationEntity } from '../entities/organisation.entity';
import { SessionEntity } from '../entities/session.entity';
import { UserEntity, UserOrganEntity } from '../entities/user.entity';

/**
 * One transaction of an administrative action: its rows, its audit entry and its mail commit
 * together. `manager` is there for the mail outbox (queueMailInTransaction in libs/queue).
 */
export interface AdminUnitOfWork {
  readonly manager: EntityManager;
  /** Sets the organisation's name (/admin/organisation); returns the name it had, or null when there is no such organisation. */
  renameOrganisation(id: string, name: string): Promise<string | null>;
  /** Saves the user; with `organIds`, replaces the organs the user serves. */
  saveUser(user: UserEntity, organIds?: string[]): Promise<void>;
  insertInvitation(inv: UserInvitationEntity): Promise<void>;
  /** Spends every open invitation of the user (a new one replaces them, a deactivation ends them). */
  voidInvitationsOf(userId: string, at: Date): Promise<number>;
  /**
   * Spends the invitation and sets the user's password, only while the invitation is unused and
   * unexpired: true for exactly one caller.
   */
  acceptInvitation(invitationId: string, at: Date, passwordHash: string): Promise<boolean>;
  /** Ends every login session of the user. */
  deleteSessionsOf(userId: string): Promise<number>;
  saveApiKey(k: ApiKeyEntity): Promise<void>;
  saveOrgan(o: OrganEntity): Promise<void>;
  appendAudit(e: AdminAuditEventEntity): Promise<void>;
  /** Turns the organisation's password login on or off (docs/identity.md, staff single sign-on). */
  setPasswordLogin(organisationId: string, on: boolean): Promise<void>;
}

/** What the admin pages read and write beyond AccessRepository: invitations, the admin audit trail, mail rows. */
export abstract class AdminRepository {
  abstract unitOfWork<T>(fn: (uow: AdminUnitOfWork) => Promise<T>): Promise<T>;
  abstract findInvitationByTokenHash(tokenHash: string): Promise<UserInvitationEntity | null>;
  /** The newest invitation of each of these users (for the user list: invited, not yet accepted). */
  abstract latestInvitations(userIds: string[]): Promise<Map<string, UserInvitationEntity>>;
  /** The newest administrative actions (staff logins, `login.*`, are not among them: see listLoginAudit). */
  abstract listAudit(organisationId: string, limit: number): Promise<AdminAuditEventEntity[]>;
  /** The newest staff logins and refused logins (`login.*`) of the organisation. */
  abstract listLoginAudit(organisationId: string, limit: number): Promise<AdminAuditEventEntity[]>;
  /** The users of the organisation that have logged in with single sign-on at least once (`login.sso`). */
  abstract ssoLoginUserIds(organisationId: string): Promise<string[]>;
  abstract findDelivery(organisationId: string, id: string): Promise<MailDeliveryEntity | null>;
}

class TypeOrmAdminUnitOfWork implements AdminUnitOfWork {
  constructor(readonly manager: EntityManager) {}
  async renameOrganisation(id: string, name: string) {
    const before = await this.manager.findOneBy(OrganisationEntity, { id });
    if (!before) return null;
    await this.manager.update(OrganisationEntity, { id }, { name });
    return before.name;
  }
  async saveUser(user: UserEntity, organIds?: string[]) {
    await this.manager.save(UserEntity, user);
    if (organIds) {
      await this.manager.delete(UserOrganEntity, { userId: user.id });
      if (organIds.length)
        await this.manager.insert(
          UserOrganEntity,
          organIds.map((organId) => ({ userId: user.id, organId })),
        );
    }
  }
  async insertInvitation(inv: UserInvitationEntity) {
    await this.manager.insert(UserInvitationEntity, inv);
  }
  async voidInvitationsOf(userId: string, at: Date) {
    return (await this.manager.update(UserInvitationEntity, { userId, usedAt: IsNull() }, { usedAt: at })).affected ?? 0;
  }
  async acceptInvitation(invitationId: string, at: Date, passwordHash: string) {
    const inv = await this.manager.findOneBy(UserInvitationEntity, { id: invitationId });
    if (!inv || inv.usedAt || inv.expiresAt <= at) return false;
    // Only one of two simultaneous visits spends the row: the update holds its row lock.
    const spent = await this.manager.update(UserInvitationEntity, { id: invitationId, usedAt: IsNull() }, { usedAt: at });
    if ((spent.affected ?? 0) !== 1) return false;
    await this.manager.update(UserEntity, { id: inv.userId }, { passwordHash });
    return true;
  }
  async deleteSessionsOf(userId: string) {
    return (await this.manager.delete(SessionEntity, { userId })).affected ?? 0;
  }
  async saveApiKey(k: ApiKeyEntity) {
    await this.manager.save(ApiKeyEntity, k);
  }
  async saveOrgan(o: OrganEntity) {
    await this.manager.save(OrganEntity, o);
  }
  async appendAudit(e: AdminAuditEventEntity) {
    await this.manager.insert(AdminAuditEventEntity, e);
  }
  async setPasswordLogin(organisationId: string, on: boolean) {
    await this.manager.update(OrganisationEntity, { id: organisationId }, { passwordLogin: on });
  }
}

@Injectable()
export class TypeOrmAdminRepository extends AdminRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }
  unitOfWork<T>(fn: (uow: AdminUnitOfWork) => Promise<T>): Promise<T> {
    return this.ds.transaction((m) => fn(new TypeOrmAdminUnitOfWork(m)));
  }
  findInvitationByTokenHash(tokenHash: string) {
    return this.ds.getRepository(UserInvitationEntity).findOneBy({ tokenHash });
  }
  async latestInvitations(userIds: string[]) {
    const out = new Map<string, UserInvitationEntity>();
    if (userIds.length === 0) return out;
    const rows = await this.ds.getRepository(UserInvitationEntity).find({ where: { userId: In(userIds) }, order: { createdAt: 'ASC' } });
    for (const r of rows) out.set(r.userId, r);
    return out;
  }
  listAudit(organisationId: string, limit: number) {
    return this.ds
      .getRepository(AdminAuditEventEntity)
      .find({ where: { organisationId, action: Not(Like('login.%')) }, order: { at: 'DESC' }, take: limit });
  }
  listLoginAudit(organisationId: string, limit: number) {
    return this.ds
      .getRepository(AdminAuditEventEntity)
      .find({ where: { organisationId, action: Like('login.%') }, order: { at: 'DESC' }, take: limit });
  }
  async ssoLoginUserIds(organisationId: string) {
    const rows = await this.ds
      .getRepository(AdminAuditEventEntity)
      .createQueryBuilder('e')
      .select('DISTINCT e.target_id', 'id')
      .where('e.organisation_id = :organisationId AND e.action = :action', { organisationId, action: 'login.sso' })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
  findDelivery(organisationId: string, id: string) {
    return this.ds.getRepository(MailDeliveryEntity).findOneBy({ id, organisationId });
  }
}
