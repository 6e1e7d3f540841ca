import { loginTextSv } from '../admin/admin-login-pages.controller';
import { renderAdminLoginPage, organIdentitySection } from './admin-identity.view';
import { renderAdminOrganPage } from './admin.view';

const admin = { name: 'Anna Admin', csrf: 'tok', admin: true };

function organPage(identity: Parameters<typeof organIdentitySection>[0]) {
  return renderAdminOrganPage({
    user: admin,
    organ: { id: 'o1', slug: 'ks' },
    slots: [],
    form: { name: 'KS', storagePlace: '', signatories: {}, substitutes: '', members: '' },
    sections: organIdentitySection(identity),
  });
}

describe('admin identity views', () => {
  it('offers e-legitimation for an organ only when a provider is configured, and says so otherwise', () => {
    const on = organPage({ organId: 'o1', csrf: 'tok', level: 'e-legitimation', available: true, provider: 'BankID <x>' });
    expect(on).toContain('action="/admin/organ/o1/identitet"');
    expect(on).toMatch(/value="e-legitimation"[^>]*checked/);
    expect(on).toContain('BankID &lt;x>');
    expect(on).toContain('name="_csrf" value="tok"');
    const off = organPage({ organId: 'o1', csrf: 'tok', level: 'e-postlank', available: false, provider: null });
    expect(off).not.toContain('/identitet"');
    expect(off).not.toContain('value="e-legitimation"');
    expect(off).toContain('E-legitimation kan inte väljas: ingen e-legitimationstjänst är inställd');
    // No documentation page is served: the text promises no link it does not give (trial trip-up).
    expect(off).not.toContain('se dokumentationen');
    expect(off).toContain('Be driftansvarig för Justera att ställa in den.');
  });

  it('offers the password-login switch only with single sign-on configured, and lists the logins', () => {
    const base = { user: admin, passwordLogin: true, provider: null, logins: [] };
    const none = renderAdminLoginPage({ ...base, singleSignOn: false });
    expect(none).not.toContain('name="passwordLogin"');
    expect(none).toContain('Organisationens inloggning (single sign-on) är inte inställd');
    expect(none).toContain('Inga inloggningar ännu.');
    expect(none).not.toContain('se dokumentationen');
    expect(none).toContain('Be driftansvarig för Justera att ställa in den.');
    const sso = renderAdminLoginPage({
      ...base,
      singleSignOn: true,
      provider: 'Kommunens inloggning',
      passwordLogin: false,
      logins: [{ at: new Date('2026-12-01T09:00:00Z'), who: 'Ada <Admin>', text: 'Loggade in med lösenord', ip: '10.0.0.1' }],
      error: 'Inte nu <b>',
    });
    expect(sso).toMatch(/value="off"[^>]*checked/);
    expect(sso).toContain('Ada &lt;Admin>');
    expect(sso).toContain('1 december 2026 kl. 10:00');
    expect(sso).toContain('Inte nu &lt;b>');
  });

  it('says what a login event was, in Swedish', () => {
    expect(loginTextSv('login.password', '{"method":"password"}')).toBe('Loggade in med lösenord');
    expect(loginTextSv('login.sso', '{"method":"sso","sub":"x"}')).toBe('Loggade in med organisationens inloggning');
    expect(loginTextSv('login.refused', '{"method":"password","reason":"wrong_password"}')).toBe(
      'Nekad inloggning med lösenord: fel lösenord',
    );
    expect(loginTextSv('login.refused', 'not json')).toBe('Nekad inloggning: okänt skäl');
  });
});
