/** Job 1: upload a protocol PDF made elsewhere, with its metadata and signatories; save as a draft. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiFailure, failure, multipart, unwrap } from '../api/client';
import type { Organ, ProtocolView } from '../api/types';
import { ErrorSummary } from '../components/Field';
import {
  emptyMetadata,
  MetadataForm,
  metadataFields,
  metadataLabels,
  withoutChangedErrors,
  type MetadataState,
} from '../components/MetadataForm';
import { PdfDrop, PdfPreview } from '../components/PdfDrop';
import { BASE, navigate, setLeaveGuard } from '../router';
import { flash } from '../flash';

export function UploadPage() {
  const [organs, setOrgans] = useState<Organ[]>([]);
  const [meta, setMeta] = useState<MetadataState>(emptyMetadata());
  const [file, setFile] = useState<File | null>(null);
  // What the first look at the chosen file found: shown at the file field (PdfDrop), listed in the
  // summary on saving, and the reason the preview is not shown.
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = useRef(false);

  useEffect(() => {
    api
      .GET('/api/organs')
      .then((r) => {
        const list = unwrap(r) as unknown as Organ[];
        setOrgans(list);
        if (list.length === 1) setMeta((m) => ({ ...m, organId: list[0].id, storagePlace: m.storagePlace || list[0].storagePlace || '' }));
      })
      .catch((e: Error) => setMessage(e.message));
  }, []);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    setLeaveGuard(() => (dirty.current ? 'Protokollet är inte sparat. Vill du lämna sidan ändå?' : null));
    return () => {
      window.removeEventListener('beforeunload', warn);
      setLeaveGuard(null);
    };
  }, []);

  const change = (m: MetadataState) => {
    dirty.current = true;
    setErrors((e) => withoutChangedErrors(e, meta, m));
    setMeta(m);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const form = new FormData();
    form.set('organId', meta.organId);
    for (const [k, v] of Object.entries(metadataFields(meta))) form.set(k, v);
    if (file) form.set('file', file, file.name);
    try {
      const r = await api.POST('/api/protocols/upload', { body: form as never, ...multipart });
      const created = unwrap(r) as unknown as ProtocolView;
      dirty.current = false;
      flash('Protokollet är sparat som utkast. Kontrollera undertecknarna och starta justeringen.');
      navigate(`${BASE}/protokoll/${created.id}`);
    } catch (err) {
      const f =
        err instanceof ApiFailure
          ? err
          : failure(0, { message: 'Det gick inte att nå servern. Försök igen; det du har fyllt i finns kvar.' });
      const fields = { ...f.fields };
      if (!meta.organId && !fields.organId) fields.organId = 'Välj organ.';
      if (!file && !fields.file) fields.file = 'Välj en PDF-fil.';
      // What the first look at the file found is a problem of this save too (the api names it only once
      // the other fields are right): the summary lists it with the others.
      if (file && fileProblem && !fields.file) fields.file = fileProblem;
      setErrors(fields);
      setMessage(f.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Ladda upp ett protokoll</h1>
      <p>Ladda upp protokollet som PDF, fyll i uppgifterna och spara. Därefter startar du justeringen.</p>
      <ErrorSummary message={message} fields={errors} labels={metadataLabels()} />
      <form onSubmit={submit} noValidate className="split">
        <div className="split-main">
          <fieldset>
            <legend>PDF-fil</legend>
            <PdfDrop
              label="Protokollet som PDF"
              file={file}
              error={errors.file}
              onFile={(f) => {
                dirty.current = true;
                setFile(f);
                setErrors(({ file: _drop, ...rest }) => rest);
              }}
              problem={fileProblem}
              onProblem={setFileProblem}
            />
          </fieldset>
          <MetadataForm value={meta} onChange={change} errors={errors} organs={organs} />
          <div className="buttons">
            <button type="submit" disabled={busy}>
              {busy ? 'Sparar …' : 'Spara utkast'}
            </button>
          </div>
        </div>
        <aside className="split-side" aria-label="Förhandsgranskning">
          <h2>Förhandsgranskning</h2>
          {/* A file that cannot be used is not shown (an encrypted one made Chromium ask for its password, in English). */}
          {fileProblem ? (
            <p className="preview-empty">Förhandsgranskningen visas när du har valt en PDF-fil som kan användas.</p>
          ) : (
            <PdfPreview file={file} title="Förhandsgranskning av den valda PDF-filen" />
          )}
        </aside>
      </form>
    </>
  );
}
