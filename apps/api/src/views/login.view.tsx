import { Layout } from './layout';
import { renderPage } from './render';

export interface LoginViewModel {
  /** Where to go after logging in (a same-site path, checked by the controller). */
  next: string;
  error?: string;
  email?: string;
  /** A confirmation above the form (the password was just chosen from an invitation). */
  notice?: string;
  /** Staff single sign-on is configured: the button to the organisation's provider. */
  sso?: { label: string };
  /** Offer the password form (false when single sign-on is the only way in). */
  passwordForm?: boolean;
}

export function renderLoginPage({ next, error, email = '', notice, sso, passwordForm = true }: LoginViewModel): string {
  return renderPage(
    <Layout title="Logga in">
      <h1>Logga in</h1>
      {notice && !error && (
        <p role="status" class="done">
          {notice}
        </p>
      )}
      {error && (
        <p class="error" role="alert" id="login-error">
          {error}
        </p>
      )}
      {sso && (
        <form method="get" action="/login/sso" class="sso-login">
          <input type="hidden" name="next" value={next} />
          <button type="submit">Logga in med organisationens inloggning</button>
        </form>
      )}
      {sso && passwordForm && <h2>Eller logga in med lösenord</h2>}
      {passwordForm && (
        <form method="post" action="/login" novalidate>
          <input type="hidden" name="next" value={next} />
          <label for="email">E-postadress</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
            value={email}
            aria-describedby={error ? 'login-error' : undefined}
          />
          <label for="password">Lösenord</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit">Logga in</button>
        </form>
      )}
      <p class="muted">Ordförande och justerare behöver inget konto: de signerar via länken i sitt e-postmeddelande.</p>
    </Layout>,
  );
}
