import { Layout } from './layout';
import { renderPage } from './render';

export interface LoginViewModel {
  /** Where to go after logging in (a same-site path, checked by the controller). */
  next: string;
  error?: string;
  email?: string;
  /** A confirmation above the form (the password was just chosen from an invitation). */
  notice?: string;
}

export function renderLoginPage({ next, error, email = '', notice }: LoginViewModel): string {
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
      <p class="muted">Ordförande och justerare behöver inget konto: de signerar via länken i sitt e-postmeddelande.</p>
    </Layout>,
  );
}
