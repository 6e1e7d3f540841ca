/**
 * The mail claim on PostgreSQL (TypeOrmMailDeliveriesRepository.claim): one winner among parallel
 * claims, and a connection lost between the claim and its read (a PostgreSQL restart) leaves the row
 * queued for the next attempt instead of "sending" for the whole lease.
 */
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { MailDeliveryEntity, TypeOrmMailDeliveriesRepository } from '@justera/persistence';
import { openDataSource } from '../support/tenants';

jest.setTimeout(60_000);

describe('TypeOrmMailDeliveriesRepository.claim on PostgreSQL', () => {
  let ds: DataSource;
  let repo: TypeOrmMailDeliveriesRepository;

  beforeAll(async () => {
    ds = await openDataSource();
    repo = new TypeOrmMailDeliveriesRepository(ds.getRepository(MailDeliveryEntity));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await ds?.destroy();
  });

  const queued = async () => {
    const id = randomUUID();
    await ds.getRepository(MailDeliveryEntity).insert({
      id, organisationId: null, kind: 'justering.invitation', toAddress: 'ordf@claim.example', subject: 'Protokoll att justera',
      textBody: 'text', htmlBody: '<p>html</p>', status: 'queued', messageId: null, attempts: 0, lastError: null, createdAt: new Date(), claimedAt: null, sentAt: null,
    });
    return id;
  };

  it('gives the row to exactly one of several parallel claims', async () => {
    const id = await queued();
    const claims = await Promise.all([1, 2, 3, 4].map(() => repo.claim(id, new Date(), 120_000)));
    expect(claims.map((c) => c.status).sort()).toEqual(['busy', 'busy', 'busy', 'claimed']);
    expect(await ds.getRepository(MailDeliveryEntity).findOneBy({ id })).toMatchObject({ status: 'sending', attempts: 1 });
  });

  it('rolls the claim back when its connection dies before the read, so the next attempt may claim it at once', async () => {
    const id = await queued();
    const read = EntityManager.prototype.findOneBy;
    const spy = jest.spyOn(EntityManager.prototype, 'findOneBy').mockImplementationOnce(async function (this: EntityManager, ...args: unknown[]) {
      // The claim's own connection is terminated by the server, as in a restart (pg_ctl restart -m fast).
      const [{ pid }] = (await this.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
      await ds.query('SELECT pg_terminate_backend($1)', [pid]);
      return (read as (...a: unknown[]) => Promise<unknown>).apply(this, args) as never;
    });
    await expect(repo.claim(id, new Date(), 120_000)).rejects.toThrow();
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    expect(await ds.getRepository(MailDeliveryEntity).findOneBy({ id })).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await repo.claim(id, new Date(), 120_000)).status).toBe('claimed');
  });
});
