/** A labelled input with its error message bound by aria-describedby (every control has a label). */
import type { InputHTMLAttributes, ReactNode } from 'react';
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
}: {
  message: string | null;
  fields: Record<string, string>;
  labels: Record<string, string>;
}) {
  if (!message && Object.keys(fields).length === 0) return null;
  const entries = Object.entries(fields);
  return (
    <div className="error-summary" role="alert" tabIndex={-1} id="error-summary">
      <h2>Det gick inte att spara</h2>
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
