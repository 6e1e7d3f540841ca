/** A labelled input with its error message bound by aria-describedby (every control has a label). */
import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { fieldId } from '../editor/visible-errors';

export { fieldId };

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  path: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
}

export function Field({ path, label, value, onChange, error, hint, ...rest }: FieldProps) {
  const id = fieldId(path);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <input
        id={id}
        name={path}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        {...rest}
      />
    </div>
  );
}

/** The list of problems at the top of a form, each linking to its field. */
export function ErrorSummary({
  message,
  fields,
  labels,
  heading = 'Det gick inte att spara',
  attempt = 0,
}: {
  message: string | null;
  fields: Record<string, string>;
  labels: Record<string, string>;
  /** What failed; the default suits a form that saves. */
  heading?: string;
  /**
   * Counts the person's tries (a page bumps it on each failed press): the same failure again, with
   * nothing in between that changed the text, is a new answer too and takes focus once more.
   */
  attempt?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const shown = useRef({ message: null as string | null, count: 0, attempt });
  const entries = Object.entries(fields);
  // A new answer (a new message, or more problems than before) takes focus and scrolls into view, so a
  // failed save or start is seen where the person is; the pages' own focus calls could run before the
  // summary was drawn (a trial found focus on <body> and the page still at the button). Putting a field
  // right (fewer problems) never moves focus away from it.
  useEffect(() => {
    const before = shown.current;
    shown.current = { message, count: entries.length, attempt };
    const again = attempt !== before.attempt && (!!message || entries.length > 0);
    if ((message && message !== before.message) || entries.length > before.count || again) box.current?.focus();
  }, [message, entries.length, attempt]);
  if (!message && entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} id="error-summary" ref={box}>
      <h2>{heading}</h2>
      {/* With field messages the api's one-line summary (which names field paths) adds nothing. */}
      {entries.length > 0 ? <p>Rätta uppgifterna nedan och försök igen. Inget har sparats.</p> : message && <p>{message}</p>}
      {entries.length > 0 && (
        <ul>
          {entries.map(([path, msg]) => (
            <li key={path}>
              <a href={`#${fieldId(path)}`}>
                {labels[path] ? `${labels[path]}: ` : ''}
                {msg}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
