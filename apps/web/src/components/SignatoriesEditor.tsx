/** The signatories of a structured protocol, editable before the start (saved with optimistic versioning). */
import { useState, type FormEvent } from 'react';
import { api, ApiFailure, failure, unwrap } from '../api/client';
import type { ProtocolView, Role } from '../api/types';
import { ErrorSummary, Field } from './Field';
import { metadataLabels, SLOT_LABELS } from './MetadataForm';

type Slot = { role: Role; name: string; email: string; organisation?: string };

export function SignatoriesEditor({ p, onDirty, onSaved }: { p: ProtocolView; onDirty: (d: boolean) => void; onSaved: () => void }) {
  const initial = (): Slot[] => {
    const list = p.protocol?.signatories ?? [];
    const by = (r: Role) => list.filter((s) => s.role === r);
    const slot = (s: (typeof list)[number] | undefined, role: Role): Slot => ({
      role,
      name: s?.name ?? '',
      email: s?.email ?? '',
      ...(s?.organisation ? { organisation: s.organisation } : {}),
    });
    return [
      slot(by('sekreterare')[0], 'sekreterare'),
      slot(by('ordforande')[0], 'ordforande'),
      slot(by('justerare')[0], 'justerare'),
      slot(by('justerare')[1], 'justerare'),
    ];
  };
  const [slots, setSlots] = useState<Slot[]>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const signatories = slots
      .filter((s, i) => i < 3 || s.name.trim() || s.email.trim())
      .map((s) => ({
        role: s.role,
        name: s.name.trim(),
        ...(s.email.trim() ? { email: s.email.trim() } : {}),
        ...(s.organisation ? { organisation: s.organisation } : {}),
      }));
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
      <fieldset>
        <legend>Signatärer</legend>
        {slots.map((s, i) => (
          <fieldset key={i} className="person">
            <legend>{SLOT_LABELS[i]}</legend>
            <div className="row">
              {(['name', 'email'] as const).map((k) => (
                <Field
                  key={k}
                  path={`signatories.${i}.${k}`}
                  label={k === 'name' ? 'Namn' : 'E-post'}
                  type={k === 'email' ? 'email' : 'text'}
                  value={s[k]}
                  required={i < 3}
                  error={errors[`signatories.${i}.${k}`]}
                  onChange={(x) => {
                    onDirty(true);
                    setSlots(slots.map((y, j) => (j === i ? { ...y, [k]: x } : y)));
                  }}
                />
              ))}
            </div>
          </fieldset>
        ))}
      </fieldset>
      <div className="buttons">
        <button type="submit" className="secondary">
          Spara signatärerna
        </button>
      </div>
    </form>
  );
}
