import type { ComponentChildren } from 'preact';
import { STYLESHEET } from './stylesheet';

/** The logged-in user shown in the header, with the logout form's CSRF token. */
export interface PageUser {
  name: string;
  csrf: string;
  /** An administrator: the header links to the admin pages. */
  admin?: boolean;
}

export interface LayoutProps {
  title: string;
  user?: PageUser;
  lang?: 'sv' | 'en';
  /** Scopes the page's own rules in justera.css (`.page-signing …`). */
  page?: PageClass;
  /** Scripts from this origin (only the dashboard's live status; every other page loads none). */
  scripts?: string[];
  children?: ComponentChildren;
}

export type PageClass = 'page-dashboard' | 'page-signing' | 'page-anslag' | 'page-anslag-secretary' | 'page-outbox' | 'page-admin';

/**
 * The page frame every server-rendered page shares: head, skip link, header with logout, main. The
 * brand link leads a logged-in user to the start page and everyone else (signers, the public,
 * auditors) to the index of the public anslagstavlor, not to the staff login.
 */
export function Layout({ title, user, lang = 'sv', page, scripts, children }: LayoutProps) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – Justera`}</title>
        <link rel="stylesheet" href={STYLESHEET.path} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {scripts?.map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body class={page}>
        <a class="skip" href="#main">
          Hoppa till innehållet
        </a>
        <header class="site">
          <a class="brand" href={user ? '/' : '/anslagstavla'}>
            Justera
          </a>
          {user && (
            <>
              {/* The server pages and the workspace link to each other plainly (the workspace's header has the same two). */}
              <nav aria-label="Huvudmeny" class="site-nav">
                <a href="/arbetsyta">Arbetsyta</a> <a href="/justering">Justeringar</a>
                {user.admin && (
                  <>
                    {' '}
                    <a href="/admin">Administration</a>
                  </>
                )}
              </nav>
              <span>Inloggad som {user.name}</span>
              <form method="post" action="/logout" class="logout">
                <input type="hidden" name="_csrf" value={user.csrf} />
                <button type="submit" class="secondary">
                  Logga ut
                </button>
              </form>
            </>
          )}
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

/** The hidden CSRF field of a form on a logged-in page. */
export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
