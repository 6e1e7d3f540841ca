import { DomainError } from '@justera/application';
import { fieldErrorsOf, list, str } from '../common/page-form';
import { auditLines, doneText } from './admin-pages.model';
import { apiKeysPageModel, parseApiKeyForm } from './key-pages.model';
import { organPageModel, parseOrganForm } from './organ-pages.model';
import { parseInviteForm, usersPageModel } from './user-pages.model';

const user = { name: 'Ada Admin', csrf: 'c', admin: true };
const at = new Date('2026-12-07T10:00:00Z');
const UUID = '3f0c6a52-8d1e-4b7a-9c2d-1e2f3a4b5c6d';

describe('the posted forms (common/page-form)', () => {
  it('a field is a string cut to its length; a checkbox list one value or several', () => {
    expect(str('abcdef', 3)).toBe('abc');
    expect(str(['a'])).toBe('');
    expect(list('o1')).toEqual(['o1']);
    expect(list(['o1', 2, 'o2'])).toEqual(['o1', 'o2']);
    expect(list(undefined)).toEqual([]);
  });

  it('a coded form error becomes field messages; another error is not a form problem', () => {
    expect(fieldErrorsOf(new DomainError('invalid_request', 'x', [{ path: 'name', message: 'Skriv namnet.' }]))).toEqual({
      name: ['Skriv namnet.'],
    });
    expect(fieldErrorsOf(new DomainError('email_unavailable', undefined, [{ path: 'email', message: 'Välj en annan.' }]))).toEqual({
      email: ['Välj en annan.'],
    });
    expect(fieldErrorsOf(new DomainError('conflict', 'Finns redan.'))).toEqual({ _form: ['Finns redan.'] });
    expect(fieldErrorsOf(new DomainError('not_found'))).toBeNull();
    expect(fieldErrorsOf(new Error('boom'))).toBeNull();
  });

  it('the invitation and API key forms', () => {
    expect(parseInviteForm({ email: 'a@k.se', name: 'A', role: 'sekreterare', organIds: 'o1' })).toEqual({
      email: 'a@k.se',
      name: 'A',
      role: 'sekreterare',
      organIds: ['o1'],
    });
    expect(parseApiKeyForm({ name: '  Ärendesystemet ', role: 'admin' })).toEqual({ name: 'Ärendesystemet', role: 'admin', organIds: [] });
  });
});

describe(doneText.name, () => {
  it('only the fixed texts, nothing from the address', () => {
    expect(doneText('sparad')).toBe('Roll och organ är sparade.');
    expect(doneText('<script>')).toBeUndefined();
    expect(doneText('toString')).toBeUndefined();
  });
});

describe(auditLines.name, () => {
  const names = {
    organisation: 'Demo kommun',
    users: [
      { id: 'u1', name: 'Ada Admin' },
      { id: UUID, name: 'Bo Berg' },
    ],
    keys: [{ id: 'k1', name: 'Ärendesystemet' }],
    organs: [{ id: 'o1', name: 'Kommunstyrelsen' }],
  };
  const event = (actor: string, action: string, targetType: string, targetId: string, detail = '{}') => ({
    at,
    actor,
    action,
    targetType,
    targetId,
    detail,
  });

  it('names who did what to which', () => {
    expect(
      auditLines(
        [
          event('user:u1', 'organ.created', 'organ', 'o1'),
          event('apikey:k1', 'user.invited', 'user', 'u9'),
          event(UUID, 'board.updated', 'board', 'b1', '{"name":"Anslagstavlan"}'),
          event('user:u1', 'organisation.login-updated', 'organisation', 'org'),
          event('system', 'apikey.revoked', 'apikey', 'k1'),
          event('user:u1', 'organisation.renamed', 'organisation', 'org', '{"before":"A","after":"B"}'),
          event('user:u1', 'something.new', 'organ', 'o9'),
        ],
        names,
      ).map((l) => `${l.actor}: ${l.text}`),
    ).toEqual([
      'Ada Admin: lade till organet Kommunstyrelsen',
      'API-nyckeln Ärendesystemet: bjöd in okänd användare',
      'Bo Berg: ändrade anslagstavlan Anslagstavlan', // an older row's bare user id
      'Ada Admin: ändrade inloggningen med lösenord för Demo kommun',
      'system: återkallade API-nyckeln Ärendesystemet',
      'Ada Admin: bytte organisationens namn från A till B',
      'Ada Admin: something.new okänt organ',
    ]);
  });
});

describe('page models', () => {
  it('the user list shows each user’s state and organs', () => {
    const base = { email: 'x@k.se', role: 'sekreterare' as const, organIds: ['o1', 'o9'] };
    const vm = usersPageModel(
      user,
      {
        organs: [{ id: 'o1', name: 'KS' }],
        users: [
          { ...base, id: 'a', name: 'A', disabled: true, invitation: 'pending' },
          { ...base, id: 'b', name: 'B', disabled: false, invitation: 'pending' },
          { ...base, id: 'c', name: 'C', disabled: false, invitation: 'expired' },
          { ...base, id: 'd', name: 'D', disabled: false, invitation: null },
        ],
      },
      {},
    );
    expect(vm.users.map((u) => u.stateSv)).toEqual([
      'Inaktiverad',
      'Inbjuden, har inte valt lösenord ännu',
      'Inbjudan har gått ut',
      'Aktiv',
    ]);
    expect(vm.users[0]).toMatchObject({ roleSv: 'Sekreterare', organNames: ['KS'] });
    expect(vm.form).toEqual({ organIds: [] });
  });

  it('an API key by its prefix, never the secret', () => {
    const vm = apiKeysPageModel(
      user,
      [{ id: 'k1', name: 'N', role: 'admin', publicId: 'abc', organIds: [], createdAt: at, lastUsedAt: null, revokedAt: null }],
      [],
      {},
    );
    expect(vm.keys[0]).toMatchObject({ prefix: 'jst_abc_…', roleSv: 'Administratör' });
  });

  it('the organ page shows the stored form until something is typed', () => {
    const organ = {
      id: 'o1',
      name: 'KS',
      slug: 'ks',
      storagePlace: null,
      defaults: { signatories: [{ role: 'ordforande' as const, name: 'Olof', email: 'olof@k.se' }], substitutes: [], members: [] },
    };
    expect(organPageModel(user, organ, null, {}).form).toEqual({
      name: 'KS',
      storagePlace: '',
      signatories: { ord: { name: 'Olof', email: 'olof@k.se' } },
      substitutes: '',
      members: '',
    });
    const typed = parseOrganForm({ name: 'KS 2', ord_name: 'Olga' });
    expect(typed.signatories.ord).toEqual({ name: 'Olga', email: '' });
    expect(organPageModel(user, organ, null, { form: typed }).form.name).toBe('KS 2');
  });
});
