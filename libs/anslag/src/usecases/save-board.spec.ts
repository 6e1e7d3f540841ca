import { Caller, DomainError } from '@justera/application';
import { FixedClock, ORG, ORGAN, board, secretary } from '../testing/fixtures';
import { InMemoryAnslagStore } from '../testing/in-memory-store';
import { SaveBoard } from './save-board';

const ADMIN = '00000000-0000-4000-8000-00000000d001';
const OTHER_ORG = '00000000-0000-4000-8000-00000000a002';
const OTHER_ORGAN = '00000000-0000-4000-8000-00000000b002';
const NOW = new Date('2026-12-03T10:00:00Z');

function admin(organisationId = ORG, via: Caller['via'] = 'session'): Caller {
  return { principal: { userId: ADMIN, organisationId, role: 'admin', organIds: [] }, via };
}

function setup() {
  const store = new InMemoryAnslagStore();
  store.organs.push(
    { id: ORGAN, organisationId: ORG, name: 'Kommunstyrelsen', storagePlace: null },
    { id: OTHER_ORGAN, organisationId: OTHER_ORG, name: 'Annan nämnd', storagePlace: null },
  );
  store.organisations.push({ id: ORG, name: 'Mora kommun', slug: 'mora' }, { id: OTHER_ORG, name: 'Orsa kommun', slug: 'orsa' });
  const clock = new FixedClock(NOW);
  return { store, clock, save: new SaveBoard(store, clock) };
}

const code = (c: string) => expect.objectContaining({ constructor: DomainError, code: c });
const fieldIssue = (path: string) =>
  expect.objectContaining({ code: 'invalid_request', details: expect.arrayContaining([expect.objectContaining({ path })]) });

describe(SaveBoard.name, () => {
  it('creates the organ’s Justera board with the defaults and audits board.created in admin_audit_events', async () => {
    const { store, save } = setup();
    const { board: b, changed } = await save.execute({
      caller: admin(),
      organId: ORGAN,
      settings: { name: '  Anslagstavlan ', kind: 'justera', contact: 'Anna Berg, 0250-260 00' },
      ip: '203.0.113.9',
    });
    expect(changed).toBe(true);
    expect(store.boards).toEqual([
      expect.objectContaining({
        id: b.id,
        organisationId: ORG,
        organId: ORGAN,
        name: 'Anslagstavlan',
        kind: 'justera',
        postingMode: 'immediate',
        postingHour: null,
        takeDownPolicy: 'dayAfterLastAppealDay',
        publishPdf: true,
        contact: 'Anna Berg, 0250-260 00',
        active: true,
        createdAt: NOW,
      }),
    ]);
    expect(store.adminAudit).toEqual([
      {
        organisationId: ORG,
        actor: `user:${ADMIN}`,
        action: 'board.created',
        targetType: 'board',
        targetId: b.id,
        detail: expect.objectContaining({
          organId: ORGAN,
          name: 'Anslagstavlan',
          kind: 'justera',
          takeDownPolicy: 'dayAfterLastAppealDay',
        }),
        ip: '203.0.113.9',
        at: NOW,
      },
    ]);
  });

  it('changes the posting hour and take-down policy, audits what changed (before/after) as apikey:<id> for a key', async () => {
    const { store, save } = setup();
    const own = board('justera', 'Anslagstavlan');
    store.boards.push(own);
    await save.execute({
      caller: admin(ORG, 'apiKey'),
      boardId: own.id,
      settings: { postingMode: 'nextWorkingDayAt', postingHour: 8, takeDownPolicy: 'workingDayAfterLastAppealDay' },
    });
    expect(store.boards[0]).toMatchObject({
      postingMode: 'nextWorkingDayAt',
      postingHour: 8,
      takeDownPolicy: 'workingDayAfterLastAppealDay',
    });
    expect(store.adminAudit).toEqual([
      expect.objectContaining({
        actor: `apikey:${ADMIN}`,
        action: 'board.updated',
        targetId: own.id,
        ip: null,
        detail: {
          organId: ORGAN,
          name: 'Anslagstavlan',
          kind: 'justera',
          changes: {
            postingMode: { before: 'immediate', after: 'nextWorkingDayAt' },
            postingHour: { before: null, after: 8 },
            takeDownPolicy: { before: 'dayAfterLastAppealDay', after: 'workingDayAfterLastAppealDay' },
          },
        },
      }),
    ]);
  });

  it('writes nothing for a change that changes nothing, and drops the hour when posting immediately', async () => {
    const { store, save } = setup();
    const own = board('justera', 'Anslagstavlan', { postingMode: 'nextWorkingDayAt', postingHour: 9 });
    store.boards.push(own);
    await expect(
      save.execute({ caller: admin(), boardId: own.id, settings: { name: 'Anslagstavlan', postingHour: 9 } }),
    ).resolves.toMatchObject({
      changed: false,
    });
    expect({ audit: store.adminAudit, commits: store.commits }).toEqual({ audit: [], commits: 0 });
    await save.execute({ caller: admin(), boardId: own.id, settings: { postingMode: 'immediate', postingHour: 9 } });
    expect(store.boards[0]).toMatchObject({ postingMode: 'immediate', postingHour: null });
  });

  it('adds another municipality’s board of a gemensam nämnd and removes it again (inactive)', async () => {
    const { store, save } = setup();
    store.boards.push(board('justera', 'Anslagstavlan'));
    const { board: orsa } = await save.execute({
      caller: admin(),
      organId: ORGAN,
      settings: { name: 'Orsa kommuns anslagstavla', kind: 'external', url: 'https://orsa.se/anslagstavla' },
    });
    await save.execute({ caller: admin(), boardId: orsa.id, settings: { active: false } });
    expect(store.boards.find((b) => b.id === orsa.id)).toMatchObject({
      kind: 'external',
      url: 'https://orsa.se/anslagstavla',
      active: false,
    });
    expect(store.adminAudit.map((e) => [e.action, e.detail.changes ?? null])).toEqual([
      ['board.created', null],
      ['board.updated', { active: { before: true, after: false } }],
    ]);
  });

  it.each([
    [{ name: ' ' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ url: 'javascript:alert(1)' }, 'url'],
    [{ url: 'orsa.se' }, 'url'],
    [{ url: `https://orsa.se/${'a'.repeat(500)}` }, 'url'],
    [{ postingMode: 'nextWorkingDayAt' as const }, 'postingHour'],
    [{ postingMode: 'nextWorkingDayAt' as const, postingHour: 24 }, 'postingHour'],
    [{ postingMode: 'nextWorkingDayAt' as const, postingHour: 7.5 }, 'postingHour'],
    [{ postingMode: 'later' as never }, 'postingMode'],
    [{ takeDownPolicy: 'never' }, 'takeDownPolicy'],
    [{ contact: 'x'.repeat(301) }, 'contact'],
    [{ kind: 'external' as const }, 'kind'],
  ])('refuses %j with a field issue (%s) and writes nothing', async (settings, path) => {
    const { store, save } = setup();
    const own = board('justera', 'Anslagstavlan');
    store.boards.push(own);
    await expect(save.execute({ caller: admin(), boardId: own.id, settings })).rejects.toEqual(fieldIssue(path));
    expect({ boards: store.boards, audit: store.adminAudit }).toEqual({ boards: [own], audit: [] });
  });

  it('refuses a second active Justera board of an organ (board_exists), also by re-activating an old one', async () => {
    const { store, save } = setup();
    const old = board('justera', 'Gamla tavlan', { active: false });
    store.boards.push(board('justera', 'Anslagstavlan'), old);
    await expect(save.execute({ caller: admin(), organId: ORGAN, settings: { name: 'Två', kind: 'justera' } })).rejects.toEqual(
      code('board_exists'),
    );
    await expect(save.execute({ caller: admin(), boardId: old.id, settings: { active: true } })).rejects.toEqual(code('board_exists'));
    expect(store.adminAudit).toEqual([]);
  });

  it('is for an admin of the organisation only: a sekreterare is forbidden, another organisation’s organ or board is not found', async () => {
    const { store, save } = setup();
    const foreign = board('justera', 'Orsas', { organisationId: OTHER_ORG, organId: OTHER_ORGAN });
    store.boards.push(foreign);
    await expect(save.execute({ caller: secretary(), organId: ORGAN, settings: { name: 'X', kind: 'external' } })).rejects.toEqual(
      code('forbidden'),
    );
    await expect(save.execute({ caller: admin(), organId: OTHER_ORGAN, settings: { name: 'X', kind: 'external' } })).rejects.toEqual(
      code('not_found'),
    );
    await expect(save.execute({ caller: admin(), boardId: foreign.id, settings: { name: 'X' } })).rejects.toEqual(code('not_found'));
    await expect(save.execute({ caller: admin(), settings: { name: 'X', kind: 'external' } })).rejects.toEqual(code('not_found'));
    expect(store.adminAudit).toEqual([]);
  });
});
