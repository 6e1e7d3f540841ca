import { invalidRequest } from '@justera/application';
import type { Protocol } from '../model';
import { type ProtocolIssue, validateProtocol } from '../validate';

/**
 * Validation codes that refuse even a draft: the document has the wrong shape (an unknown field, a
 * wrong type, a text or list over its limit, an unknown block or section kind, another format
 * version), or is too big to check. Everything else — a missing field, a blank text, an empty list, a
 * rule of the format such as duplicate § numbers — only means the draft is not complete yet.
 */
const DRAFT_REFUSES = new Set(['type', 'additionalProperties', 'discriminator', 'maxLength', 'maxItems', 'maxProperties', 'const', 'enum', 'oneOf', 'anyOf', 'too-deep', 'too-much-text', 'too-many-errors']);

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A validation issue as the answers carry it. */
export interface IssueView {
  path: string;
  message: string;
  messageSv: string;
  code: string;
}

export const issueView = (e: ProtocolIssue): IssueView => ({ path: e.path, message: e.message, messageSv: e.messageSv, code: e.code });

/** What an editor's save keeps: the data and, for a draft, the issues left before it is complete. */
export interface CheckedContent {
  data: unknown;
  errors: ProtocolIssue[];
  warnings: ProtocolIssue[];
}

/** A complete protocol, or `invalid_request` naming every issue. */
function parseComplete(input: unknown): Protocol {
  const result = validateProtocol(input);
  if (!result.ok) {
    throw invalidRequest(`Protokollet är ogiltigt: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, result.errors.map(issueView));
  }
  return result.protocol;
}

/**
 * A draft as the editor saves it: refused only for a wrong shape (DRAFT_REFUSES, `invalid_request`
 * naming each field); otherwise kept with the issues that remain before it is complete.
 */
function parseDraft(input: unknown): CheckedContent {
  const result = validateProtocol(input);
  if (result.ok) return { data: result.protocol, errors: [], warnings: result.warnings };
  const refused = result.errors.filter((e) => DRAFT_REFUSES.has(e.code));
  if (refused.length) throw invalidRequest(`Utkastet är ogiltigt: ${refused.map((e) => `${e.path}: ${e.message}`).join('; ')}`, refused.map(issueView));
  return { data: input, errors: result.errors, warnings: result.warnings };
}

/** The content an editor's save stores: a complete protocol, or (draft) anything of the right shape. */
export function checkContent(input: unknown, draft: boolean): CheckedContent {
  return draft ? parseDraft(input) : { data: parseComplete(input), errors: [], warnings: [] };
}

/** The stored title and meeting date of a structured protocol (complete or a draft). */
export function structuredTitle(doc: unknown): { title: string; meetingDate: string } {
  const d = (doc && typeof doc === 'object' ? doc : {}) as { documentTitle?: unknown; organ?: unknown; meeting?: { date?: unknown } };
  const str = (x: unknown) => (typeof x === 'string' ? x.trim() : '');
  const date = str(d.meeting?.date);
  const meetingDate = DATE_RE.test(date) ? date : '';
  const title = [str(d.documentTitle) || 'Protokoll', str(d.organ), meetingDate].filter(Boolean).join(' ');
  // The column holds 400 characters; the format allows a longer organ name.
  return { title: title.slice(0, 400), meetingDate };
}
