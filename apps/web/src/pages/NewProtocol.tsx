/**
 * Writing a protocol, the first step (docs/secretary.md): choose the organ and start a protocol — from the organ's last
 * written protocol (organisation, organ, members, ersättare and signatories copied; §§ continue from
 * its last number) or empty, with the organ's defaults from the admin's organ page (förvalda
 * undertecknare, ledamöter, ersättare; editor/model.ts newProtocol). The draft is saved at once (POST /api/protocols, draft: true) and opens
 * in the editor. Once the organ is chosen the page knows whether it has a written protocol: without
 * one (the organ's very first) it offers only the empty protocol, so the first button never fails.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiFailure, unwrap } from '../api/client';
import type { Me, Organ, ProtocolView } from '../api/types';
import { cleanForSave, fromStored, newProtocol } from '../editor/model';
import { BASE, navigate } from '../router';

const NO_ORGAN = 'Välj organ.';

/**
 * The organ's last meeting's protocol written in Justera (not an uploaded PDF), or null: the latest
 * meeting date. A draft without a meeting date yet (one just begun, perhaps blank) is not a previous
 * meeting's protocol: the list puts it first, and copying it gave a new user a silently blank draft.
 */
async function lastWritten(organId: string): Promise<ProtocolView | null> {
  const list = unwrap(await api.GET('/api/protocols', { params: { query: { organId, limit: 50 } } })) as unknown as {
    items: ProtocolView[];
  };
  return list.items.find((p) => p.source === 'structured' && !!p.meetingDate) ?? null;
}

export function NewProtocolPage() {
  const [organs, setOrgans] = useState<Organ[] | null>(null);
  const [organId, setOrganId] = useState('');
  const [me, setMe] = useState<Me | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The chosen organ's last protocol written in Justera: undefined while it is looked up, null when there is none. */
  const [last, setLast] = useState<{ organId: string; protocol: ProtocolView | null } | undefined>(undefined);

  useEffect(() => {
    Promise.all([api.GET('/api/organs'), api.GET('/api/me')])
      .then(([o, m]) => {
        const list = unwrap(o) as unknown as Organ[];
        setOrgans(list);
        setMe(unwrap(m) as unknown as Me);
        if (list.length === 1) setOrganId(list[0].id);
      })
      .catch((e: Error) => setMessage(e.message));
  }, []);

  useEffect(() => {
    setLast(undefined);
    if (!organId) return;
    let current = true;
    lastWritten(organId)
      .then((protocol) => current && setLast({ organId, protocol }))
      .catch(() => current && setLast(undefined));
    return () => {
      current = false;
    };
  }, [organId]);
  const known = last && last.organId === organId ? last.protocol : undefined;
  /** The organ is chosen and its last protocol still being looked up: the buttons wait for the answer. */
  const looking = !!organId && last === undefined;

  const start = async (from: 'previous' | 'empty', e?: FormEvent) => {
    e?.preventDefault();
    const organ = organs?.find((o) => o.id === organId);
    if (!organ) {
      setMessage(NO_ORGAN);
      document.getElementById('f-organId')?.focus();
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      let previous;
      if (from === 'previous') {
        const last = known ?? (await lastWritten(organId));
        if (!last) {
          setMessage(`${organ.name} har inget tidigare protokoll skrivet i Justera. Börja med ett tomt protokoll.`);
          return;
        }
        const full = unwrap(await api.GET('/api/protocols/{id}', { params: { path: { id: last.id } } })) as unknown as ProtocolView;
        previous = fromStored(full.protocol);
      }
      const protocol = cleanForSave(newProtocol(organ, previous, me?.name ?? '', me?.organisationName ?? ''));
      const created = unwrap(
        await api.POST('/api/protocols', { body: { organId, protocol, draft: true } as never }),
      ) as unknown as ProtocolView;
      navigate(`${BASE}/protokoll/${created.id}/redigera`, { replace: true });
    } catch (err) {
      setMessage(err instanceof ApiFailure ? err.message : 'Det gick inte att skapa protokollet. Försök igen.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Skriv ett protokoll</h1>
      <p>
        Protokollet sparas som utkast medan du skriver. Du kan börja från organets förra protokoll: organisation, organ, ledamöter och
        undertecknare kopieras. Ett tomt protokoll får organets förvalda undertecknare, ledamöter och ersättare om administratören har
        angett dem.
      </p>
      {message && message !== NO_ORGAN && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      {organs === null ? (
        <p>Laddar …</p>
      ) : (
        <form onSubmit={(e) => void start(organId && known === null ? 'empty' : 'previous', e)} noValidate>
          <div className={`field${message === NO_ORGAN ? ' has-error' : ''}`}>
            <label htmlFor="f-organId">Organ</label>
            {message === NO_ORGAN && (
              <p className="field-error" id="f-organId-error" role="alert">
                {NO_ORGAN}
              </p>
            )}
            <select
              id="f-organId"
              value={organId}
              onChange={(e) => {
                setOrganId(e.target.value);
                if (message === NO_ORGAN) setMessage(null);
              }}
              aria-invalid={message === NO_ORGAN ? true : undefined}
              aria-describedby={message === NO_ORGAN ? 'f-organId-error' : organId && known === null ? 'f-organId-first' : undefined}
            >
              <option value="">Välj organ …</option>
              {organs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
            {organId && known === null && (
              <p className="hint" id="f-organId-first">
                {organs.find((o) => o.id === organId)?.name} har inget tidigare protokoll skrivet i Justera: du börjar med ett tomt.
              </p>
            )}
            {looking && (
              <p className="hint" role="status">
                Söker organets förra protokoll …
              </p>
            )}
            {known && (
              <p className="hint" id="f-organId-previous">
                Förra mötets protokoll: {known.title}. Organisation, organ, ledamöter och undertecknare kopieras därifrån.
              </p>
            )}
          </div>
          <div className="buttons">
            {organId && known === null ? (
              <button type="submit" disabled={busy}>
                Börja med ett tomt protokoll
              </button>
            ) : (
              <>
                <button type="submit" disabled={busy || looking} aria-describedby={known ? 'f-organId-previous' : undefined}>
                  Börja från förra mötets protokoll
                </button>
                <button type="button" className="secondary" disabled={busy || looking} onClick={() => void start('empty')}>
                  Börja med ett tomt protokoll
                </button>
              </>
            )}
          </div>
        </form>
      )}
    </>
  );
}
