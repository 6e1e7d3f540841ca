/**
 * The board settings' writes on PostgreSQL (TypeOrmAnslagStore, the ports of libs/anslag's SaveBoard and
 * ChangeBoardAddress): one active Justera board per organ — a second one, created or re-activated, is the
 * coded DomainError board_exists (409 in the api), not a unique-index error (500); a slug another
 * organisation has is refused; and the admin audit entry rolls back with the change.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Board } from '@justera/anslag';
import { DomainError } from '@justera/application';
import { AdminAuditEventEntity, AnslagBoardEntity, OrganisationEntity, TypeOrmAnslagStore } from '@justera/persistence';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

describe('TypeOrmAnslagStore: board settings', () => {
  let ds: DataSource;
  let t: Tenant;
  let other: Tenant;
  let store: TypeOrmAnslagStore;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Tavelkommun');
    other = await createTenant(ds, 'Grannkommun');
    store = new TypeOrmAnslagStore(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  const board = (kind: Board['kind'], active: boolean): Board => ({
    id: randomUUID(),
    organisationId: t.organisationId,
    organId: t.organA,
    name: 'Anslagstavlan',
    kind,
    url: null,
    postingMode: 'immediate',
    postingHour: null,
    takeDownPolicy: 'lastAppealDay',
    publishPdf: true,
    contact: null,
    active,
    createdAt: new Date(),
  });
  const save = (b: Board) => store.unitOfWork((uow) => uow.saveBoard(b));

  it('refuses a second active Justera board of an organ with board_exists, created or re-activated; external boards may be many', async () => {
    await save(board('justera', true));
    const old = board('justera', false);
    await save(old);
    await save(board('external', true));
    await save(board('external', true));

    await expect(save({ ...old, active: true })).rejects.toEqual(
      expect.objectContaining({ constructor: DomainError, code: 'board_exists' }),
    );
    await expect(save(board('justera', true))).rejects.toEqual(expect.objectContaining({ code: 'board_exists' }));
    const own = await ds.getRepository(AnslagBoardEntity).findBy({ organisationId: t.organisationId, organId: t.organA, kind: 'justera' });
    expect(own.map((b) => b.active).sort()).toEqual([false, true]);
    expect(await store.findBoard(old.id)).toEqual({ ...old, createdAt: expect.any(Date) });
  });

  it('sets the slug unless another organisation has it; the audit entry commits and rolls back with the change', async () => {
    const entry = (slug: string) => ({
      organisationId: t.organisationId,
      actor: 'user:x' as const,
      action: 'board.address-changed',
      targetType: 'organisation',
      targetId: t.organisationId,
      detail: { after: slug },
      ip: null,
      at: new Date(),
    });
    const mine = `${t.slug}-ny`;
    await store.unitOfWork(async (uow) => {
      expect(await uow.setOrganisationSlug(t.organisationId, mine)).toBe(true);
      await uow.appendAdminAudit(entry(mine));
    });
    await expect(
      store.unitOfWork(async (uow) => {
        await uow.appendAdminAudit(entry(other.slug));
        if (!(await uow.setOrganisationSlug(t.organisationId, other.slug))) throw new DomainError('conflict');
      }),
    ).rejects.toEqual(expect.objectContaining({ code: 'conflict' }));
    expect((await ds.getRepository(OrganisationEntity).findOneByOrFail({ id: t.organisationId })).slug).toBe(mine);
    expect(await store.findOrganisationBySlug(mine)).toMatchObject({ id: t.organisationId });
    const audit = await ds.getRepository(AdminAuditEventEntity).findBy({ organisationId: t.organisationId });
    expect(audit.map((a) => JSON.parse(a.detail) as unknown)).toEqual([{ after: mine }]);
    expect(await store.hasPostedNotices(t.organisationId)).toBe(false);
  });
});
