import type { AdminRepository, AdminUnitOfWork, OrganisationsRepository } from '@justera/persistence';
import type { AuthContext } from '../auth/auth-context';
import { OrganisationIdentityService, organisationNameIssues, renamedTextSv } from './organisation-identity.service';

const ORG = '0b7e2a52-3c1d-4f6e-9a8b-1c2d3e4f5a6b';
const auth = (role: 'admin' | 'sekreterare' | 'revisor', organisationId = ORG): AuthContext => ({
  principal: { userId: 'u1', organisationId, role, organIds: [] },
  name: 'Demo Administratör',
  via: 'session',
});

function setup(name = 'Demo kommun') {
  const org = { id: ORG, slug: 'demo-kommun', name, createdAt: new Date() };
  const audit: { action: string; targetId: string; detail: string; actor: string; ip: string | null }[] = [];
  const uow = {
    renameOrganisation: async (id: string, next: string) => {
      if (id !== ORG) return null;
      const before = org.name;
      org.name = next;
      return before;
    },
    appendAudit: async (e: (typeof audit)[number]) => void audit.push(e),
  } as unknown as AdminUnitOfWork;
  const admin = { unitOfWork: <T>(fn: (u: AdminUnitOfWork) => Promise<T>) => fn(uow) } as unknown as AdminRepository;
  const organisations = { findOrganisation: async (id: string) => (id === ORG ? org : null) } as unknown as OrganisationsRepository;
  return { org, audit, service: new OrganisationIdentityService(organisations, admin) };
}

describe(organisationNameIssues.name, () => {
  it.each([
    ['  Demo   kommun ', 'Demo kommun', []],
    ['Gemensam nämnd för Åre och Östersund', 'Gemensam nämnd för Åre och Östersund', []],
    ['', '', ['Skriv organisationens namn.']],
    ['   ', '', ['Skriv organisationens namn.']],
    ['Demo\u0000kommun', 'Demo\u0000kommun', ['Namnet får inte innehålla styrtecken.']],
    ['Å'.repeat(64), 'Å'.repeat(64), []],
    ['Å'.repeat(65), 'Å'.repeat(65), ['Namnet får vara högst 64 tecken (det står i certifikaten).']],
  ])('%j → %j', (input, name, messages) => {
    const r = organisationNameIssues(input);
    expect(r.name).toBe(name);
    expect(r.issues.map((i) => i.message)).toEqual(messages);
    for (const i of r.issues) expect(i.path).toBe('name');
  });
});

describe(OrganisationIdentityService.name, () => {
  it('renames the organisation and audits the old and the new name; the same name again changes nothing', async () => {
    const { org, audit, service } = setup();
    await expect(service.rename(auth('admin'), ' Nya  kommunen ', { ip: '10.0.0.1' })).resolves.toBe(true);
    expect(org.name).toBe('Nya kommunen');
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'organisation.renamed',
        targetId: ORG,
        actor: 'user:u1',
        ip: '10.0.0.1',
        detail: JSON.stringify({ before: 'Demo kommun', after: 'Nya kommunen' }),
      }),
    ]);
    await expect(service.rename(auth('admin'), 'Nya kommunen', { ip: null })).resolves.toBe(false);
    expect(audit).toHaveLength(1);
    expect(await service.identity(auth('admin'))).toEqual({ id: ORG, name: 'Nya kommunen', slug: 'demo-kommun' });
  });

  it('refuses a bad name with the field named, and anyone but the organisation’s admin', async () => {
    const { org, audit, service } = setup();
    await expect(service.rename(auth('admin'), '', { ip: null })).rejects.toMatchObject({
      code: 'invalid_request',
      details: [{ path: 'name' }],
    });
    await expect(service.rename(auth('sekreterare'), 'X', { ip: null })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.rename(auth('revisor'), 'X', { ip: null })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.identity(auth('sekreterare'))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.rename(auth('admin', 'a1b2c3d4-0000-4000-8000-000000000001'), 'X', { ip: null })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(org.name).toBe('Demo kommun');
    expect(audit).toEqual([]);
  });

  it('says the rename on the admin overview', () => {
    expect(renamedTextSv(JSON.stringify({ before: 'Demo kommun', after: 'Nya kommunen' }))).toBe(
      'bytte organisationens namn från Demo kommun till Nya kommunen',
    );
    expect(renamedTextSv('not json')).toBe('bytte organisationens namn');
  });
});
