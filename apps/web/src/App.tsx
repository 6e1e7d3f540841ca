import { useEffect, useState, type ReactElement } from 'react';
import { api, getCsrfToken, setCsrfToken, unwrap } from './api/client';
import type { Me } from './api/types';
import { ErrorBoundary } from './components/ErrorBoundary';
import { CorrectionPage } from './pages/Correction';
import { EditorPage } from './pages/Editor';
import { ImportPage } from './pages/Import';
import { NewProtocolPage } from './pages/NewProtocol';
import { ProtocolPage } from './pages/Protocol';
import { StartPage } from './pages/Start';
import { UploadPage } from './pages/Upload';
import { BASE, Link, usePath } from './router';

const TITLES: Record<string, string> = {
  start: 'Arbetsyta',
  upload: 'Ladda upp ett protokoll',
  import: 'Importera ett Word-dokument',
  write: 'Skriv ett protokoll',
  editor: 'Skriv protokoll',
  correction: 'Rätta protokollet',
  protocol: 'Protokoll',
  missing: 'Sidan finns inte',
};

function route(path: string): { key: string; el: ReactElement } {
  const rest = path.replace(/\/+$/, '').slice(BASE.length);
  if (rest === '' || rest === '/') return { key: 'start', el: <StartPage /> };
  if (rest === '/ladda-upp') return { key: 'upload', el: <UploadPage /> };
  if (rest === '/importera') return { key: 'import', el: <ImportPage /> };
  if (rest === '/skriv') return { key: 'write', el: <NewProtocolPage /> };
  const e = rest.match(/^\/protokoll\/([0-9a-f-]{36})\/redigera$/i);
  if (e) return { key: 'editor', el: <EditorPage key={e[1]} id={e[1]} /> };
  const c = rest.match(/^\/protokoll\/([0-9a-f-]{36})\/rattelse\/([0-9a-f-]{36})$/i);
  if (c) return { key: 'correction', el: <CorrectionPage key={c[2]} id={c[1]} roundId={c[2]} /> };
  const m = rest.match(/^\/protokoll\/([0-9a-f-]{36})$/i);
  if (m) return { key: 'protocol', el: <ProtocolPage key={m[1]} id={m[1]} /> };
  return {
    key: 'missing',
    el: (
      <>
        <h1>Sidan finns inte</h1>
        <p>
          <Link href={BASE}>Till arbetsytan</Link>
        </p>
      </>
    ),
  };
}

export function App() {
  const path = usePath();
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .GET('/api/me')
      .then((r) => {
        const m = unwrap(r) as unknown as Me;
        setCsrfToken(m.csrfToken ?? '');
        setMe(m);
      })
      .catch(() => setError('Du behöver logga in igen.'));
  }, []);
  const { key, el } = route(path);
  useEffect(() => {
    document.title = `${TITLES[key] ?? 'Arbetsyta'} – Justera`;
  }, [key]);
  return (
    <>
      <a className="skip" href="#main">
        Hoppa till innehållet
      </a>
      <header className="site">
        <a className="brand" href="/">
          Justera
        </a>
        <nav aria-label="Arbetsytan">
          <Link href={BASE}>Arbetsyta</Link>
          <a href="/justering">Justeringar</a>
        </nav>
        {me && (
          <form method="post" action="/logout" className="logout">
            <span className="who">{me.name}</span>
            <input type="hidden" name="_csrf" value={getCsrfToken()} />
            <button type="submit" className="secondary small">
              Logga ut
            </button>
          </form>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {error ? (
          <p className="error" role="alert">
            {error} <a href={`/login?next=${encodeURIComponent(path)}`}>Logga in</a>
          </p>
        ) : me ? (
          <ErrorBoundary key={path}>{el}</ErrorBoundary>
        ) : (
          <p>Laddar …</p>
        )}
      </main>
    </>
  );
}
