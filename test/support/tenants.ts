import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword, newApiKey } from '@justera/auth';
import { loadConfig } from '@justera/config';
import { ApiKeyEntity, createDataSource, OrganEntity, OrganisationEntity, UserEntity, UserOrganEntity } from '@justera/persistence';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  apiKey: string;
}

export interface Tenant {
  organisationId: string;
  /** The organisation's name as created (certificates and seals name it: docs/signatures.md). */
  organisationName: string;
  slug: string;
  organA: string;
  organB: string;
  admin: TestUser;
  /** sekreterare of organ A only */
  sekA: TestUser;
  revisor: TestUser;
}

export async function openDataSource(): Promise<DataSource> {
  const ds = createDataSource(loadConfig({ ...process.env, JUSTERA_SECRET: 'x'.repeat(32) }).database);
  await ds.initialize();
  return ds;
}

// Hashing with the production parameters takes ~100 ms; tests make a handful of users.
let passwordHash: Promise<string> | undefined;
const PASSWORD = `Test-${randomBytes(9).toString('base64url')}`;

/** A fresh organisation with two organs and an admin, a sekreterare (organ A) and a revisor. */
export async function createTenant(ds: DataSource, name = 'Testkommun'): Promise<Tenant> {
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const now = new Date();
  const suffix = randomBytes(4).toString('hex');
  const org: OrganisationEntity = { id: randomUUID(), slug: `test-${suffix}`, name: `${name} ${suffix}`, createdAt: now };
  const organA: OrganEntity = { id: randomUUID(), organisationId: org.id, slug: 'kommunstyrelsen', name: 'Kommunstyrelsen', storagePlace: 'Stadshuset', createdAt: now };
  const organB: OrganEntity = { id: randomUUID(), organisationId: org.id, slug: 'socialnamnden', name: 'Socialnämnden', storagePlace: 'Stadshuset', createdAt: now };
  await ds.getRepository(OrganisationEntity).insert(org);
  await ds.getRepository(OrganEntity).insert([organA, organB]);
  const make = async (role: 'admin' | 'sekreterare' | 'revisor', organIds: string[]): Promise<TestUser> => {
    const user: UserEntity = { id: randomUUID(), organisationId: org.id, email: `${role}-${suffix}@test.example`, name: `${role} ${suffix}`, role, passwordHash: hash, disabled: false, createdAt: now };
    await ds.getRepository(UserEntity).insert(user);
    if (organIds.length) await ds.getRepository(UserOrganEntity).insert(organIds.map((organId) => ({ userId: user.id, organId })));
    const k = newApiKey();
    const key: ApiKeyEntity = { id: randomUUID(), organisationId: org.id, publicId: k.publicId, secretHash: k.secretHash, name: `${role} key`, role, organIds: JSON.stringify(organIds), createdBy: user.id, createdAt: now, revokedAt: null };
    await ds.getRepository(ApiKeyEntity).insert(key);
    return { id: user.id, email: user.email, password: PASSWORD, apiKey: k.key };
  };
  return {
    organisationId: org.id,
    organisationName: org.name,
    slug: org.slug,
    organA: organA.id,
    organB: organB.id,
    admin: await make('admin', []),
    sekA: await make('sekreterare', [organA.id]),
    revisor: await make('revisor', []),
  };
}
