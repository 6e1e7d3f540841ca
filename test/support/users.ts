import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { newApiKey } from '@justera/auth';
import { ApiKeyEntity, UserEntity, UserOrganEntity } from '@justera/persistence';

/** One more user with an API key in an existing organisation (e.g. a sekreterare of another organ). */
export async function addUserWithKey(ds: DataSource, organisationId: string, role: 'admin' | 'sekreterare' | 'revisor', organIds: string[]): Promise<{ id: string; apiKey: string }> {
  const now = new Date();
  const suffix = randomBytes(4).toString('hex');
  const user: UserEntity = { id: randomUUID(), organisationId, email: `${role}-${suffix}@test.example`, name: `${role} ${suffix}`, role, passwordHash: 'x', disabled: false, createdAt: now };
  await ds.getRepository(UserEntity).insert(user);
  if (organIds.length) await ds.getRepository(UserOrganEntity).insert(organIds.map((organId) => ({ userId: user.id, organId })));
  const k = newApiKey();
  const key: ApiKeyEntity = { id: randomUUID(), organisationId, publicId: k.publicId, secretHash: k.secretHash, name: `${role} key`, role, organIds: JSON.stringify(organIds), createdBy: user.id, createdAt: now, revokedAt: null };
  await ds.getRepository(ApiKeyEntity).insert(key);
  return { id: user.id, apiKey: k.key };
}
