/**
 * The workspace's start page: what the secretary can do, and the protocols so far. The three ways to a
 * new protocol are in the same order as on the start page `/` (home.view.tsx): write, import, upload.
 */
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import { STATUS_SV, type ProtocolView } from '../api/types';
import { BASE, Link } from '../router';

export function StartPage() {
  const [items, setItems] = useState<ProtocolView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .GET('/api/protocols', { params: { query: { limit: 200 } } })
      .then((r) => setItems((unwrap(r) as unknown as { items: ProtocolView[] }).items))
      .catch((e: Error) => setError(e.message));
  }, []);
  return (
    <>
      <h1>Arbetsyta</h1>
      <section aria-labelledby="new-heading" className="actions">
        <h2 id="new-heading">Nytt protokoll</h2>
        <ul className="cards">
          <li>
            <Link className="card" href={`${BASE}/skriv`}>
              <span className="card-title">Skriv ett protokoll</span>
              <span className="card-text">
                Skriv protokollet här, med paragrafer, närvaro och undertecknare; utkastet sparas medan du skriver.
              </span>
            </Link>
          </li>
          <li>
            <Link className="card" href={`${BASE}/importera`}>
              <span className="card-title">Importera ett Word-dokument</span>
              <span className="card-text">
                Protokollet är skrivet i Word (.docx); Justera läser in paragrafer, närvaro och underskrifter.
              </span>
            </Link>
          </li>
          <li>
            <Link className="card" href={`${BASE}/ladda-upp`}>
              <span className="card-title">Ladda upp en PDF</span>
              <span className="card-text">Protokollet är skrivet i Word eller ett mötessystem.</span>
            </Link>
          </li>
        </ul>
      </section>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">Protokoll</h2>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {items === null && !error && <p>Laddar …</p>}
        {items !== null && items.length === 0 && (
          <p>Inga protokoll ännu. Börja med att skriva, importera eller ladda upp ett protokoll ovan.</p>
        )}
        {items !== null && items.length > 0 && (
          <ul className="protocols">
            {items.map((p) => (
              <li key={p.id}>
                <Link href={`${BASE}/protokoll/${p.id}`}>{p.title}</Link>
                <span className="muted">
                  {' '}
                  · {p.meetingDate || 'Sammanträdesdatum saknas'} · {STATUS_SV[p.status] ?? p.status} · {p.source === 'uploaded' ? 'uppladdad PDF' : 'skrivet'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
