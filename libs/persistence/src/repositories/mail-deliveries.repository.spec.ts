import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { serialiseSqliteTransactions } from '../data-source';
import { redactLinks } from './mail-deliveries.repository';

describe(redactLinks.name, () => {
  it('removes the token of every signing link and nothing else', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd';
    const body = `Öppna https://justera.kommun.se/sign/${token} och <a href="https://justera.kommun.se/sign/${token}">här</a>. Se även https://justera.kommun.se/validera`;
    const out = redactLinks(body);
    expect(out).not.toContain(token);
    expect(out).toContain('https://justera.kommun.se/sign/[borttagen]');
    expect(out).toContain('https://justera.kommun.se/validera');
  });

  it('removes the token of an account invitation link too', () => {
    const token = 'ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210_-wxyz';
    const out = redactLinks(`Välj lösenord: https://justera.kommun.se/inbjudan/${token}`);
    expect(out).not.toContain(token);
    expect(out).toContain('https://justera.kommun.se/inbjudan/[borttagen]');
  });
});

describe('TypeOrmMailDeliveriesRepository.claim on SQLite (the quick start)', () => {
  let ds: DataSource;
  // Entities read their column types from DATABASE_URL when first loaded, and the suite may run with
  // a PostgreSQL one: load fresh copies of the entity and the repository with the SQLite dialect.
  let MailDeliveryEntity: typeof import('../entities/mail-delivery.entity').MailDeliveryEntity;
  let TypeOrmMailDeliveriesRepository: typeof import('./mail-deliveries.repository').TypeOrmMailDeliveriesRepository;
  beforeAll(async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'sqlite::memory:';
    try {
      jest.isolateModules(() => {
        ({ MailDeliveryEntity } = require('../entities/mail-delivery.entity') as typeof import('../entities/mail-delivery.entity'));
        ({ TypeOrmMailDeliveriesRepository } = require('./mail-deliveries.repository') as typeof import('./mail-deliveries.repository'));
      });
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    ds = await serialiseSqliteTransactions(
      new DataSource({
        type: 'better-sqlite3',
        database: ':memory:',
        entities: [MailDeliveryEntity],
        synchronize: true,
      }),
    ).initialize();
  });
  afterAll(() => ds?.destroy());

  it('claims several rows at once (parallel mail jobs) without colliding transactions, and each row once', async () => {
    const repo = new TypeOrmMailDeliveriesRepository(ds.getRepository(MailDeliveryEntity));
    const ids = [1, 2, 3, 4].map(() => randomUUID());
    for (const id of ids)
      await ds.getRepository(MailDeliveryEntity).insert({
        id,
        organisationId: null,
        kind: 'justering.invitation',
        toAddress: 'a@b.se',
        subject: 's',
        textBody: 't',
        htmlBody: 'h',
        status: 'queued',
        messageId: null,
        attempts: 0,
        lastError: null,
        createdAt: new Date(),
        claimedAt: null,
        sentAt: null,
      });
    const claims = await Promise.all([...ids, ...ids].map((id) => repo.claim(id, new Date(), 120_000)));
    expect(claims.slice(0, 4).map((c) => c.status)).toEqual(['claimed', 'claimed', 'claimed', 'claimed']);
    expect(claims.slice(4).map((c) => c.status)).toEqual(['busy', 'busy', 'busy', 'busy']);
  });
});
