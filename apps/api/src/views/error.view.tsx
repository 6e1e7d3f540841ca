import { Layout } from './layout';
import { renderPage } from './render';

export interface ErrorPageViewModel {
  status: number;
  /** The Swedish text for people (from the domain error or the exception filter). */
  message: string;
  /** The heading; defaults to a Swedish title for the status. */
  title?: string;
  /** Shown so a user can quote it to support. */
  requestId?: string;
  /** Offer "Till inloggningen" (a failed login that can be tried again). */
  loginLink?: boolean;
}

/** The heading of an error page for an HTTP status. */
export function errorTitleSv(status: number): string {
  if (status === 404) return 'Sidan finns inte';
  if (status === 410) return 'Sidan finns inte längre';
  if (status === 403) return 'Ingen behörighet';
  if (status === 401) return 'Inloggning krävs';
  if (status === 400 || status === 422) return 'Felaktig begäran';
  if (status === 413) return 'För stort';
  if (status === 429) return 'För många försök';
  if (status === 503) return 'Tjänsten är upptagen';
  if (status >= 500) return 'Något gick fel';
  return 'Det gick inte';
}

/**
 * An error page in the site's layout: the title, the Swedish message, where to go next (the public
 * anslagstavlor, the staff start page; the login for a 401) and the request id for support.
 */
export function ErrorPage({ status, message, title = errorTitleSv(status), requestId, loginLink }: ErrorPageViewModel) {
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      <nav aria-label="Vidare">
        <ul>
          {(status === 401 || loginLink) && (
            <li>
              <a href="/login">Logga in</a>
            </li>
          )}
          <li>
            <a href="/anslagstavla">Till anslagstavlorna</a>
          </li>
          <li>
            <a href="/">Till startsidan (för sekreterare och administratörer)</a>
          </li>
        </ul>
      </nav>
      {requestId && <p class="muted">Begärans id (uppge det om du kontaktar support): {requestId}</p>}
    </Layout>
  );
}

/** The whole error page as HTML, for the exception filter. */
export function renderErrorPage(vm: ErrorPageViewModel): string {
  return renderPage(<ErrorPage {...vm} />);
}
