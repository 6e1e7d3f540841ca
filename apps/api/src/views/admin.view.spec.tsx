import { organIdentitySection } from './admin-identity.view';
import { renderAdminApiKeysPage, renderAdminOrganPage, renderAdminUsersPage, renderInvitationPage } from './admin.view';
import { renderHomePage } from './home.view';

const admin = { name: 'Anna <Admin>', csrf: 'tok"en', admin: true };
const roles = [
  { value: 'admin', label: 'Administratör' },
  { value: 'sekreterare', label: 'Sekreterare' },
];

describe('admin views', () => {
  it('escapes user input, names each field error beside its field and in the summary, and has no inline style', () => {
    const html = renderAdminUsersPage({
      user: admin,
      roles,
      organs: [{ id: 'o1', name: 'Styrelsen <b>' }],
      users: [
        {
          id: 'u1',
          name: '<script>alert(1)</script>',
          email: 'a@b.se',
          roleSv: 'Sekreterare',
          organNames: ['Styrelsen <b>'],
          stateSv: 'Aktiv',
        },
      ],
      form: { name: '"><img src=x>', organIds: ['o1'] },
      errors: { email: ['Skriv personens e-postadress.'] },
    });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).not.toContain('"><img');
    expect(html).toContain('value="tok&quot;en"');
    expect(html).toMatch(/<a href="#invite-email">Skriv personens e-postadress\.<\/a>/);
    expect(html).toMatch(/id="invite-email-error">Skriv personens e-postadress\./);
    expect(html).toMatch(
      /aria-invalid="true"[^>]*aria-describedby="invite-email-error"|aria-describedby="invite-email-error"[^>]*aria-invalid="true"/,
    );
    expect(html).toMatch(/value="o1" checked/);
    expect(html).not.toMatch(/<style|style=/);
  });

  it('shows a created key only when given, and otherwise only prefixes', () => {
    const row = {
      id: 'k1',
      name: 'Webb',
      roleSv: 'Revisor',
      organNames: [],
      prefix: 'jst_0123456789abcdef_…',
      createdAt: new Date('2026-01-02T10:00:00Z'),
      lastUsedAt: null,
      revokedAt: null,
    };
    const list = renderAdminApiKeysPage({ user: admin, roles, organs: [], keys: [row], form: { organIds: [] } });
    expect(list).toContain('jst_0123456789abcdef_…');
    expect(list).toContain('Aldrig');
    expect(list).not.toContain('created-key');
    const created = renderAdminApiKeysPage({
      user: admin,
      roles,
      organs: [],
      keys: [row],
      form: { organIds: [] },
      created: { name: 'Webb', key: 'jst_0123456789abcdef_' + 'a'.repeat(64) },
    });
    expect(created).toContain('Den visas bara den här gången');
    expect(created).toContain('a'.repeat(64));
    // The key wraps in a read-only text box, with a copy button its script shows; the list page loads no script.
    expect(created).toMatch(/<textarea id="created-key"[^>]*readonly[^>]*>jst_0123456789abcdef_a{64}<\/textarea>/);
    expect(created).toMatch(/<button type="button" id="copy-key" class="secondary" hidden>Kopiera nyckeln<\/button>/);
    expect(created).toMatch(/<script src="\/assets\/admin-keys\.[0-9a-f]{12}\.js" defer><\/script>/);
    expect(list).not.toContain('<script');
    expect(created).toContain('action="/admin/api-nycklar" novalidate autocomplete="off"');
  });

  it('links the admin pages from the header for an admin only', () => {
    expect(renderHomePage({ user: admin, protocols: [] })).toContain('<a href="/admin">Administration</a>');
    expect(renderHomePage({ user: { name: 'Sekreterare', csrf: 'x' }, protocols: [] })).not.toContain('/admin');
  });

  it('says why an invitation link cannot be used, in Swedish', () => {
    expect(renderInvitationPage({ state: 'expired' })).toContain('Länken har gått ut');
    expect(renderInvitationPage({ state: 'used' })).toContain('Länken är redan använd');
    const form = renderInvitationPage({ state: 'form', token: 'abc', name: 'Sara', email: 's@k.se', organisation: 'Demo kommun' });
    expect(form).toContain('action="/inbjudan/abc"');
    expect(form).toContain('autocomplete="new-password"');
  });

  it('addresses people by their role, in one wording: no "hon", "han" or "hen" on the admin pages (trial trip-up)', () => {
    const users = renderAdminUsersPage({ user: admin, roles, organs: [], users: [], form: { organIds: [] }, errors: {} });
    const organ = renderAdminOrganPage({
      user: admin,
      organ: { id: 'o1', slug: 'ks' },
      slots: [],
      form: { name: 'KS', storagePlace: '', signatories: {}, substitutes: '', members: '' },
      sections: organIdentitySection({ organId: 'o1', csrf: 'tok', level: 'e-postlank', available: true, provider: 'BankID' }),
    });
    for (const html of [users, organ]) expect(html.replace(/<[^>]*>/g, ' ')).not.toMatch(/\b(hon|han|hen)\b/i);
    expect(users).toContain('en personlig länk för att välja ett lösenord');
    expect(organ).toContain('sekreteraren kan ändra dem för varje protokoll');
  });
});
