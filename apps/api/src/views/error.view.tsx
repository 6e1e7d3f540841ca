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
}

/** The heading of an error page for an HTTP status. */
export function errorTitleSv(status: number): string {
  if (status === 404) return 'Sidan finns inte';
  if (status === 403) return 'Ingen behörighet';
  if (status === 401) return 'Inloggning krävs';
  if (status >= 500) return 'Något gick fel';
  return 'Det gick inte';
}

export function ErrorPage({ status, message, title = errorTitleSv(status), requestId }: ErrorPageViewModel) {
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      {status === 401 && (
        <p>
          <a href="/login">Logga in</a>
        </p>
      )}
      {requestId && <p class="muted">Begärans id: {requestId}</p>}
    </Layout>
  );
}

/** The whole error page as HTML, for the exception filter. */
export function renderErrorPage(vm: ErrorPageViewModel): string {
  return renderPage(<ErrorPage {...vm} />);
}
