/**
 * Choosing a PDF: a real file input (keyboard and screen readers) inside a zone that also takes a
 * dropped file, and a preview of the chosen file in the browser's PDF viewer.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { fieldId } from './Field';
import { latestPrecheck } from './pdf-precheck';

export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

export function PdfDrop({
  path = 'file',
  label,
  file,
  onFile,
  error,
  problem,
  onProblem,
}: {
  path?: string;
  label: string;
  file: File | null;
  onFile: (f: File | null) => void;
  error?: string;
  /**
   * What the first look at the chosen file found (not a PDF, encrypted, signed), kept by the page (which
   * also lists it in its error summary and hides the preview); the page's `error` (the api's answer on
   * saving) takes its place when there is one.
   */
  problem: string | null;
  /** Told what the first look at a newly chosen file found (null at once on choosing, then the result). */
  onProblem: (problem: string | null) => void;
}) {
  const [over, setOver] = useState(false);
  const id = fieldId(path);
  const report = useRef(onProblem);
  report.current = onProblem;
  // Only the latest file's result is shown (choosing A, then quickly B, showed A's problem beside B).
  const precheck = useRef<((f: File | null) => void) | null>(null);
  precheck.current ??= latestPrecheck((p) => report.current(p));
  const choose = (f: File | null) => {
    onFile(f);
    precheck.current?.(f);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files?.[0];
    if (f) choose(f);
  };
  const shown = error ?? problem ?? undefined;
  return (
    <div
      className={`field drop${over ? ' over' : ''}${shown ? ' has-error' : ''}`}
      onDragOver={(e) => (e.preventDefault(), setOver(true))}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        Dra filen hit eller välj den med knappen.
      </p>
      <div aria-live="polite">
        {shown && (
          <p className="field-error" id={`${id}-error`}>
            {shown}
          </p>
        )}
      </div>
      <input
        id={id}
        type="file"
        accept="application/pdf,.pdf"
        aria-invalid={shown ? true : undefined}
        aria-describedby={`${id}-hint${shown ? ` ${id}-error` : ''}`}
        onChange={(e) => choose(e.target.files?.[0] ?? null)}
      />
      {file && (
        <p className="chosen">
          Vald fil: <strong>{file.name}</strong> ({formatSize(file.size)})
        </p>
      )}
    </div>
  );
}

/** The browser's own PDF viewer for a local file (blob: URL) or a served PDF. */
export function PdfPreview({ file, src, title }: { file?: File | null; src?: string; title: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file) {
      setUrl(null);
      return;
    }
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  const shown = src ?? url;
  if (!shown) return <p className="preview-empty">Förhandsgranskningen visas när du har valt en PDF-fil.</p>;
  return (
    <div className="preview">
      <iframe src={shown} title={title} />
      <p>
        <a href={shown} target="_blank" rel="noopener">
          Öppna PDF:en i en ny flik
        </a>
      </p>
    </div>
  );
}
