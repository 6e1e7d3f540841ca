import { Caller, DomainError } from '@justera/application';
import { FixedClock, ORG, addNotice, board, secretary } from '../testing/fixtures';
import { InMemoryAnslagStore } from '../testing/in-memory-store';
import { ChangeBoardAddress } from './change-board-address';

const ADMIN = '00000000-0000-4000-8000-00000000d001';
const OTHER_ORG = '00000000-0000-4000-8000-00000000a002';
const NOW = new Date('2026-12-03T10:00:00Z');

function admin(organisationId = ORG, via: Caller['via'] = 'session'): Caller {
  return { principal: { userId: ADMIN, organisationId, role: 'admin', organIds: [] }, via };
}

function setup(store = new InMemoryAnslagStore()) {
  store.organisations.push({ id: ORG, name: 'Mora kommun', slug: 'mora' }, { id: OTHER_ORG, name: 'Orsa kommun', slug: 'orsa' });
  return { store, address: new ChangeBoardAddress(store, new FixedClock(NOW)) };
}

const code = (c: string) => expect.objectContaining({ constructor: DomainError, code: c });
const fieldIssue = (path: string) =>
  expect.objectContaining({ code: 'invalid_request', details: expect.arrayContaining([expect.objectContaining({ path })]) });

describe(ChangeBoardAddress.name, () => {
  it('changes the slug of the board’s address and audits board.address-changed', async () => {
    const { store, address } = setup();
    await expect(address.execute({ caller: admin(), slug: ' Mora-Kommun ', ip: '203.0.113.9' })).resolves.toEqual({
      slug: 'mora-kommun',
      changed: true,
    });
    expect(store.organisations[0].slug).toBe('mora-kommun');
    expect(store.adminAudit).toEqual([
      {
        organisationId: ORG,
        actor: `user:${ADMIN}`,
        action: 'board.address-changed',
        targetType: 'organisation',
        targetId: ORG,
        detail: { before: 'mora', after: 'mora-kommun' },
        ip: '203.0.113.9',
        at: NOW,
      },
    ]);
    await expect(address.execute({ caller: admin(), slug: 'mora-kommun' })).resolves.toEqual({ slug: 'mora-kommun', changed: false });
    expect(store.adminAudit).toHaveLength(1);
  });

  it.each(['', '-mora', 'mora-', 'Mora kommun', 'möra', 'a/b', 'x'.repeat(65)])('refuses the slug %j as a field issue', async (slug) => {
    const { store, address } = setup();
    await expect(address.execute({ caller: admin(), slug })).rejects.toEqual(fieldIssue('slug'));
    expect(store.organisations[0].slug).toBe('mora');
  });

  it('refuses a slug another organisation has, and any change once a notice has been posted (conflict)', async () => {
    const { store, address } = setup();
    await expect(address.execute({ caller: admin(), slug: 'orsa' })).rejects.toEqual(
      expect.objectContaining({ code: 'conflict', message: expect.stringContaining('används redan') }),
    );
    addNotice(store, [board('justera', 'Anslagstavlan')], { postedDate: '2026-11-30' });
    await expect(address.execute({ caller: admin(), slug: 'mora-kommun' })).rejects.toEqual(
      expect.objectContaining({ code: 'conflict', details: [expect.objectContaining({ path: 'slug' })] }),
    );
    expect({ slug: store.organisations[0].slug, audit: store.adminAudit }).toEqual({ slug: 'mora', audit: [] });
  });

  it('is for an admin only', async () => {
    const { address } = setup();
    await expect(address.execute({ caller: secretary(), slug: 'mora-kommun' })).rejects.toEqual(code('forbidden'));
  });

  it('is not held back by a notice that is only scheduled, nor by another organisation’s posted notices', async () => {
    const { store, address } = setup();
    addNotice(store, [board('justera', 'Anslagstavlan')], { state: 'scheduled', postedDate: null });
    addNotice(store, [board('justera', 'Orsas tavla', { organisationId: OTHER_ORG })], {
      organisationId: OTHER_ORG,
      postedDate: '2026-11-30',
    });
    await expect(address.execute({ caller: admin(), slug: 'mora-kommun' })).resolves.toEqual({ slug: 'mora-kommun', changed: true });
    expect(store.organisations.map((o) => o.slug)).toEqual(['mora-kommun', 'orsa']);
  });

  it('refuses the slug another organisation took between the check and the write, and audits nothing', async () => {
    // The race: Orsa takes "mora-kommun" right after Mora's look-up found it free; the write (the
    // unique index) refuses it.
    class Racing extends InMemoryAnslagStore {
      override findOrganisationBySlug = async (slug: string) => {
        this.organisations[1].slug = slug;
        return null;
      };
    }
    const { store, address } = setup(new Racing());
    await expect(address.execute({ caller: admin(), slug: 'mora-kommun' })).rejects.toEqual(
      expect.objectContaining({
        code: 'conflict',
        details: [expect.objectContaining({ path: 'slug', message: expect.stringContaining('används redan') })],
      }),
    );
    expect({ slugs: store.organisations.map((o) => o.slug), audit: store.adminAudit, commits: store.commits }).toEqual({
      slugs: ['mora', 'mora-kommun'],
      audit: [],
      commits: 0,
    });
  });

  it('audits an API key as apikey:<id> and keeps at most 64 characters of the address it came from', async () => {
    const { store, address } = setup();
    await address.execute({ caller: admin(ORG, 'apiKey'), slug: 'mora-kommun', ip: `2001:db8::${'f'.repeat(80)}` });
    expect(store.adminAudit).toEqual([expect.objectContaining({ actor: `apikey:${ADMIN}`, ip: `2001:db8::${'f'.repeat(54)}` })]);
  });
});
