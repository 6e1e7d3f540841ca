import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { ApiKeyEntity } from '../entities/api-key.entity';
import { SessionEntity } from '../entities/session.entity';
import { UserEntity, UserOrganEntity } from '../entities/user.entity';

/** Users, the organs they serve, their login sessions and the organisation's API keys. */
export abstract class AccessRepository {
  abstract findUser(id: string): Promise<UserEntity | null>;
  abstract findUserByEmail(email: string): Promise<UserEntity | null>;
  abstract listUsers(organisationId: string): Promise<UserEntity[]>;
  abstract saveUser(user: UserEntity, organIds?: string[]): Promise<void>;
  /**
   * Replaces a user's password hash only while the row still holds `expectedHash` (a re-hash at
   * login must not overwrite a password changed meanwhile). True when the row was updated.
   */
  abstract replacePasswordHash(userId: string, expectedHash: string, newHash: string): Promise<boolean>;
  abstract organIdsOf(userId: string): Promise<string[]>;
  abstract saveSession(s: SessionEntity): Promise<void>;
  abstract findSessionByTokenHash(tokenHash: string): Promise<SessionEntity | null>;
  abstract findSession(id: string): Promise<SessionEntity | null>;
  abstract touchSession(id: string, at: Date): Promise<void>;
  abstract deleteSession(id: string): Promise<void>;
  abstract deleteExpiredSessions(now: Date): Promise<number>;
  abstract saveApiKey(k: ApiKeyEntity): Promise<void>;
  abstract findApiKeyByPublicId(publicId: string): Promise<ApiKeyEntity | null>;
  abstract listApiKeys(organisationId: string): Promise<ApiKeyEntity[]>;
  /** Records when the key last authenticated a request (the caller writes at most once a minute per key). */
  abstract touchApiKey(id: string, at: Date): Promise<void>;
}

@Injectable()
export class TypeOrmAccessRepository extends AccessRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(UserOrganEntity) private readonly userOrgans: Repository<UserOrganEntity>,
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(ApiKeyEntity) private readonly apiKeys: Repository<ApiKeyEntity>,
  ) {
    super();
  }
  findUser(id: string) {
    return this.users.findOneBy({ id });
  }
  findUserByEmail(email: string) {
    return this.users.findOneBy({ email: email.trim().toLowerCase() });
  }
  listUsers(organisationId: string) {
    return this.users.find({ where: { organisationId }, order: { name: 'ASC' } });
  }
  async saveUser(user: UserEntity, organIds?: string[]) {
    await this.users.manager.transaction(async (m) => {
      await m.save(UserEntity, user);
      if (organIds) {
        await m.delete(UserOrganEntity, { userId: user.id });
        if (organIds.length)
          await m.insert(
            UserOrganEntity,
            organIds.map((organId) => ({ userId: user.id, organId })),
          );
      }
    });
  }
  async replacePasswordHash(userId: string, expectedHash: string, newHash: string) {
    const result = await this.users.update({ id: userId, passwordHash: expectedHash }, { passwordHash: newHash });
    return (result.affected ?? 0) > 0;
  }
  async organIdsOf(userId: string) {
    return (await this.userOrgans.findBy({ userId })).map((r) => r.organId);
  }
  async saveSession(s: SessionEntity) {
    await this.sessions.save(s);
  }
  findSessionByTokenHash(tokenHash: string) {
    return this.sessions.findOneBy({ tokenHash });
  }
  findSession(id: string) {
    return this.sessions.findOneBy({ id });
  }
  async touchSession(id: string, at: Date) {
    await this.sessions.update({ id }, { lastSeenAt: at });
  }
  async deleteSession(id: string) {
    await this.sessions.delete({ id });
  }
  async deleteExpiredSessions(now: Date) {
    return (await this.sessions.delete({ expiresAt: LessThan(now) })).affected ?? 0;
  }
  async saveApiKey(k: ApiKeyEntity) {
    await this.apiKeys.save(k);
  }
  findApiKeyByPublicId(publicId: string) {
    return this.apiKeys.findOneBy({ publicId });
  }
  listApiKeys(organisationId: string) {
    return this.apiKeys.find({ where: { organisationId }, order: { createdAt: 'DESC' } });
  }
  async touchApiKey(id: string, at: Date) {
    await this.apiKeys.update({ id }, { lastUsedAt: at });
  }
}
