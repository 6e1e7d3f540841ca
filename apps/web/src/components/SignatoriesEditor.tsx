/** The signatories of a structured protocol, editable before the start (saved with optimistic versioning). */
import { useState, type FormEvent } from 'react';
import { api, ApiFailure, failure, unwrap } from '../api/client';
import type { ProtocolView, Role } from '../api/types';
import { ErrorSummary } from './Field';
import { filledSignatories, metadataLabels, PersonFields, signatorySlots, SLOT_LABELS } from './MetadataForm';

export function SignatoriesEditor({ p, onDirty, onSaved }: { p: ProtocolView; onDirty: (d: boolean) => void; onSaved: () => void }) {
  const [slots, setSlots] = useState(() => signatorySlots(p.protocol?.signatories ?? []));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const signatories = filledSignatories(slots);
    try {
      unwrap(
        await api.PUT('/api/protocols/{id}', {
          params: { path: { id: p.id } },
          body: { protocol: { ...p.protocol, signatories }, rowVersion: p.rowVersion } as never,
        }),
      );
      setErrors({});
      setMessage(null);
      onSaved();
    } catch (err) {
      const f = err instanceof ApiFailure ? err : failure(0, {});
      setErrors(f.fields);
      setMessage(f.message);
    }
  };

  return (
    <form onSubmit={save} noValidate>
      <ErrorSummary message={message} fields={errors} labels={metadataLabels()} />
      <SignatoryFieldset
        slots={slots}
        errors={errors}
        onChange={(next) => {
          onDirty(true);
          setSlots(next);
        }}
      />
      <div className="buttons">
        <button type="submit" className="secondary">
          Spara undertecknarna
        </button>
      </div>
    </form>
  );
}

/**
 * The signatory slots (sekreterare, ordförande, one or two justerare), name and e-mail each; shared by
 * this form and the protocol editor. Errors are keyed `signatories.<i>.<field>`.
 */
export function SignatoryFieldset<T extends { role: Role; name: string; email: string }>({
  slots,
  errors,
  onChange,
}: {
  slots: T[];
  errors: Record<string, string>;
  onChange: (slots: T[]) => void;
}) {
  return (
    <fieldset>
      <legend>Undertecknarnas namn och e-post</legend>
      {slots.map((s, i) => (
        <PersonFields
          key={i}
          prefix={`signatories.${i}`}
          legend={SLOT_LABELS[i]}
          value={s}
          required={i < 3}
          errors={errors}
          onChange={(k, x) => onChange(slots.map((y, j) => (j === i ? { ...y, [k]: x } : y)))}
        />
      ))}
    </fieldset>
  );
}
