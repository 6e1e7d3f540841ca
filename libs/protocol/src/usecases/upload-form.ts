import { type DomainError, invalidRequest } from '@justera/application';
import type { FieldIssue, SignatoryFieldChecks } from './ports';

// The form of an uploaded protocol (a new upload, or its metadata edited while a draft): the fields
// the api's DTO has checked for type, length and format, and the metadata stored from them.

/** The upload form's fields as the api read them (multipart fields or a JSON body). */
export interface UploadFormFields {
  title: string;
  meetingDate: string;
  meetingTime?: string;
  paragraphs?: string;
  storagePlace: string;
  justeringPlace?: string;
  justeringDate?: string;
  justeringTime?: string;
  /** JSON-encoded list of {role, name, email}; anything but a string is a mistake the DTO check names. */
  signatories?: unknown;
  /** JSON-encoded list of {name, email}. */
  substitutes?: unknown;
  order?: 'sequential' | 'parallel';
}

/** A signatory of an uploaded protocol. */
export interface UploadSignatory {
  role: 'sekreterare' | 'ordforande' | 'justerare';
  name: string;
  email?: string;
}

/** What an uploaded protocol's `data` holds (its PDF is the document). */
export interface UploadMetadata {
  organ: string;
  meetingDate: string;
  meetingTime: string | null;
  paragraphs: string | null;
  storagePlace: string;
  justeringPlace: string | null;
  justeringDate: string | null;
  justeringTime: string | null;
  order: 'sequential' | 'parallel';
  signatories: UploadSignatory[];
  substitutes: { name: string; email?: string }[];
}

/** The one answer to a form with mistakes: every field issue in `details`. */
export function invalidFields(issues: FieldIssue[]): DomainError {
  return invalidRequest(`Uppgifterna är ogiltiga: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

/**
 * Parses and checks the signatories and substitutes of an uploaded protocol (JSON-encoded form
 * fields, checked by the justering's rules) and builds its stored metadata: the data, or the field issues.
 */
export function uploadMetadata(
  organName: string,
  form: UploadFormFields,
  checks: SignatoryFieldChecks,
): { data: UploadMetadata; issues: [] } | { data?: undefined; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const parseList = (field: 'signatories' | 'substitutes'): unknown[] => {
    const raw = form[field];
    // Not a string: the DTO check has said so already.
    if (raw === undefined || raw === '' || typeof raw !== 'string') return [];
    try {
      return JSON.parse(raw) as unknown[];
    } catch {
      issues.push({ path: field, message: 'Ogiltig JSON.' });
      return [];
    }
  };
  const signatories = parseList('signatories');
  const substitutes = parseList('substitutes');
  issues.push(...checks.signatories(signatories), ...checks.substitutes(substitutes));
  if (issues.length) return { issues };
  const clean = <T extends { name: string; email?: string }>(s: T) => ({ ...s, name: s.name.trim(), ...(s.email?.trim() ? { email: s.email.trim() } : { email: undefined }) });
  return {
    issues: [],
    data: {
      organ: organName,
      meetingDate: form.meetingDate,
      meetingTime: form.meetingTime ?? null,
      paragraphs: form.paragraphs ?? null,
      storagePlace: form.storagePlace,
      justeringPlace: form.justeringPlace ?? null,
      justeringDate: form.justeringDate ?? null,
      justeringTime: form.justeringTime ?? null,
      order: form.order ?? 'sequential',
      signatories: (signatories as UploadSignatory[]).map((s) => clean({ role: s.role, name: s.name, email: s.email })),
      substitutes: (substitutes as { name: string; email?: string }[]).map((s) => clean({ name: s.name, email: s.email })),
    },
  };
}
