/**
 * The admin pages of staff sign-in (docs/identity.md): how the organisation's staff log in
 * (/admin/inloggning) and each organ's identity level (a section of /admin/organ/:id).
 */
import { formatDateTimeSv } from '@justera/sv';
import type { VNode } from 'preact';
import { AdminLayout, Done } from './admin.view';
import { Csrf, PageUser } from './layout';
import { renderPage } from './render';

// ---------------------------------------------------------------- an organ's identity level

export interface OrganIdentityViewModel {
  organId: string;
  csrf: string;
  /** 'e-postlank' | 'e-legitimation' */
  level: string;
  /** JUSTERA_OIDC_* is configured. */
  available: boolean;
  /** The provider's label ("BankID"), when configured. */
  provider: string | null;
}

/** The identity level section of the organ page: a form of its own. */
export function organIdentitySection(vm: OrganIdentityViewModel): VNode {
  const elegitimation = vm.level === 'e-legitimation';
  return (
    <section aria-labelledby="identity-level-title" class="identity-level">
      <h2 id="identity-level-title">Hur undertecknarna identifieras</h2>
      {vm.available ? (
        <form method="post" action={`/admin/organ/${vm.organId}/identitet`}>
          <Csrf token={vm.csrf} />
          <fieldset class="slot">
            <legend>Identifiering vid justering</legend>
            <label class="check">
              <input type="radio" name="identityLevel" value="e-postlank" checked={!elegitimation} /> E-postlänk: den personliga länken i
              mejlet räcker
            </label>
            <label class="check">
              <input type="radio" name="identityLevel" value="e-legitimation" checked={elegitimation} /> E-legitimation: undertecknaren
              identifierar sig också med e-legitimation ({vm.provider}) innan godkännandet
            </label>
          </fieldset>
          <p class="muted hint">Gäller justeringar som startas efter att du har sparat. Justeringar som redan pågår behåller sin nivå.</p>
          <button type="submit">Spara identifieringen</button>
        </form>
      ) : (
        <p>
          Undertecknarna identifieras med den personliga länken i mejlet (e-postlänk). E-legitimation kan inte väljas: ingen
          e-legitimationstjänst är inställd för Justera. Be driftansvarig för Justera att ställa in den.
        </p>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- /admin/inloggning

export interface AdminLoginLine {
  at: Date | string;
  who: string;
  text: string;
  ip: string | null;
}

export interface AdminLoginViewModel {
  user: PageUser;
  passwordLogin: boolean;
  singleSignOn: boolean;
  /** The SSO provider's label, when configured. */
  provider: string | null;
  logins: AdminLoginLine[];
  done?: string;
  error?: string;
}

/** /admin/inloggning: password login on or off (only with single sign-on configured), and the newest logins. */
export function renderAdminLoginPage(vm: AdminLoginViewModel): string {
  return renderPage(
    <AdminLayout title="Inloggning" user={vm.user} current="/admin/inloggning">
      <h1>Inloggning</h1>
      <Done message={vm.done} />
      {vm.error && (
        <div class="error-summary" role="alert">
          <p>{vm.error}</p>
        </div>
      )}
      <h2>Sätt att logga in</h2>
      {vm.singleSignOn ? (
        <>
          <p>
            Organisationens inloggning ({vm.provider}) är inställd: personalen kan logga in med den.{' '}
            {vm.passwordLogin
              ? 'Inloggning med lösenord är också påslagen.'
              : 'Inloggning med lösenord är avstängd: personalen kan bara logga in med organisationens inloggning.'}
          </p>
          <form method="post" action="/admin/inloggning">
            <Csrf token={vm.user.csrf} />
            <fieldset class="slot">
              <legend>Inloggning med lösenord</legend>
              <label class="check">
                <input type="radio" name="passwordLogin" value="on" checked={vm.passwordLogin} /> Påslagen: personalen kan logga in med
                lösenord eller med organisationens inloggning
              </label>
              <label class="check">
                <input type="radio" name="passwordLogin" value="off" checked={!vm.passwordLogin} /> Avstängd: bara organisationens
                inloggning
              </label>
            </fieldset>
            <p class="muted hint">
              Lösenordet kan bara stängas av när minst en aktiv administratör har loggat in med organisationens inloggning, så att någon
              alltid kan logga in och ändra det igen. API-nycklar påverkas inte.
            </p>
            <button type="submit">Spara</button>
          </form>
        </>
      ) : (
        <p>
          Personalen loggar in med e-postadress och lösenord. Organisationens inloggning (single sign-on) är inte inställd för Justera, så
          inloggning med lösenord kan inte stängas av. Be driftansvarig för Justera att ställa in den.
        </p>
      )}
      <h2>Senaste inloggningar</h2>
      {vm.logins.length === 0 ? (
        <p>Inga inloggningar ännu.</p>
      ) : (
        <table class="stack">
          <caption class="visually-hidden">Senaste inloggningar</caption>
          <thead>
            <tr>
              <th scope="col">Tid</th>
              <th scope="col">Konto</th>
              <th scope="col">Vad</th>
              <th scope="col">IP-adress</th>
            </tr>
          </thead>
          <tbody>
            {vm.logins.map((l) => (
              <tr>
                <td data-label="Tid">{formatDateTimeSv(l.at)}</td>
                <td data-label="Konto">{l.who}</td>
                <td data-label="Vad">{l.text}</td>
                <td data-label="IP-adress">{l.ip ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>,
  );
}
