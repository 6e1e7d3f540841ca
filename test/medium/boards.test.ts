/**
 * One active Justera board per organ on PostgreSQL: a second one, created or re-activated, is the coded
 * DomainError board_exists (409 in the api), not a unique-index error (500).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DomainError } from '@justera/application';
import { AnslagBoardEntity, TypeOrmAnslagRepository } from '@justera/persistence';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

describe('TypeOrmAnslagRepository.saveBoard', () => {
  let ds: DataSource;
  let t: Tenant;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Tavelkommun');
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  const board = (kind: string, active: boolean): AnslagBoardEntity => ({
    id: randomUUID(), organisationId: t.organisationId, organId: t.organA, name: 'Anslagstavlan', kind, url: null, postingMode: 'immediate', postingHour: null,
    takeDownPolicy: 'lastAppealDay', publishPdf: true, contact: null, active, createdAt: new Date(),
  });

  it('refuses a second active Justera board of an organ with board_exists, created or re-activated; external boards may be many', async () => {
    const repo = new TypeOrmAnslagRepository(ds);
    await repo.saveBoard(board('justera', true));
    const old = board('justera', false);
    await repo.saveBoard(old);
    await repo.saveBoard(board('external', true));
    await repo.saveBoard(board('external', true));

    await expect(repo.saveBoard({ ...old, active: true })).rejects.toEqual(expect.objectContaining({ constructor: DomainError, code: 'board_exists' }));
    await expect(repo.saveBoard(board('justera', true))).rejects.toEqual(expect.objectContaining({ code: 'board_exists' }));
    const own = await ds.getRepository(AnslagBoardEntity).findBy({ organisationId: t.organisationId, organId: t.organA, kind: 'justera' });
    expect(own.map((b) => b.active).sort()).toEqual([false, true]);
  });
});
