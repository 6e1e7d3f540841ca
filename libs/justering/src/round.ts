/**
 * The state of one justering round, as pure functions: who signs, in which order, whose turn it is,
 * and what a signature, a change request, a new version or a cancellation does. No I/O, no clock.
 */
import { ROLE_SV as SV_ROLE_SV } from '@justera/sv';
import { DomainError } from '@justera/application';
import { bySigningOrder, ROLE_RANK, type SignerRole } from './signing-order';

export type { SignerRole };
export type SigningOrder = 'sequential' | 'parallel';
/** väntar, skickad, öppnad, signerad, begärt ändring. */
export type SignatoryState = 'waiting' | 'sent' | 'opened' | 'signed' | 'change_requested';
/**
 * pågår, ändring begärd, signeras (everyone has approved; the worker is appending the cryptographic
 * signatures to the PDF), justerat, avbruten.
 */
export type RoundStatus = 'active' | 'change_requested' | 'signing' | 'completed' | 'cancelled';

export const SIGNATORY_STATE_SV: Record<SignatoryState, string> = {
  waiting: 'väntar',
  sent: 'skickad',
  opened: 'öppnad',
  signed: 'signerad',
  change_requested: 'begärt ändring',
};
export const ROUND_STATUS_SV: Record<RoundStatus, string> = {
  active: 'pågår',
  change_requested: 'ändring begärd',
  signing: 'godkänt, underskrifter läggs in',
  completed: 'justerat',
  cancelled: 'avbruten',
};
/** The role in running text ("ordförande"): libs/sv. */
export const ROLE_SV: Readonly<Record<SignerRole, string>> = SV_ROLE_SV;

export interface SignatoryInput {
  role: SignerRole;
  name: string;
  email: string;
}

export interface SignatorySlot {
  id: string;
  role: SignerRole;
  /** 0-based signing position: sekreterare 0, ordförande 1, justerare 2 and 3. */
  position: number;
  state: SignatoryState;
}

export interface RoundView {
  order: SigningOrder;
  status: RoundStatus;
  signatories: readonly SignatorySlot[];
}

/** A broken round rule; a coded DomainError, so the api's filter maps it like any other. */
export class JusteringRuleError extends DomainError {
  constructor(
    override readonly code: 'invalid_signatories' | 'not_your_turn' | 'already_signed' | 'round_closed' | 'change_requested' | 'not_signable',
    message: string,
  ) {
    super(code, message);
    this.name = 'JusteringRuleError';
  }
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * Checks and orders the signatories: exactly one sekreterare, one ordförande, one or two justerare,
 * each with a name and an e-mail address. Returns them in signing order (sek, ord, jus 1, jus 2),
 * keeping the given order among the justerare. Messages are Swedish (shown to the secretary).
 */
export function orderSignatories(input: readonly SignatoryInput[]): SignatoryInput[] {
  const problems: string[] = [];
  const count = (r: SignerRole) => input.filter((s) => s.role === r).length;
  if (count('sekreterare') !== 1) problems.push('exakt en sekreterare krävs');
  if (count('ordforande') !== 1) problems.push('exakt en ordförande krävs');
  if (count('justerare') < 1 || count('justerare') > 2) problems.push('en eller två justerare krävs');
  input.forEach((s, i) => {
    if (!s || !(s.role in ROLE_RANK)) problems.push(`undertecknare ${i + 1}: okänd roll`);
    if (!s?.name?.trim()) problems.push(`undertecknare ${i + 1}: namn saknas`);
    if (!s?.email || !EMAIL.test(s.email.trim()) || s.email.length > 254) problems.push(`${s?.name || `undertecknare ${i + 1}`}: ogiltig e-postadress`);
  });
  const emails = input.map((s) => s?.email?.trim().toLowerCase());
  if (new Set(emails).size !== emails.length) problems.push('två undertecknare har samma e-postadress');
  if (problems.length) throw new JusteringRuleError('invalid_signatories', `Undertecknarna är ogiltiga: ${problems.join('; ')}.`);
  return bySigningOrder(input).map((s) => ({ role: s.role, name: s.name.trim(), email: s.email.trim() }));
}

/**
 * The signatories whose turn it is now (they get a link). Sequential: the first who has not signed.
 * Parallel: the sekreterare first, then everyone else who has not signed, at once. Nobody while the
 * round is not active.
 */
export function whoseTurn(round: RoundView): SignatorySlot[] {
  if (round.status !== 'active') return [];
  const pending = [...round.signatories].sort((a, b) => a.position - b.position).filter((s) => s.state !== 'signed');
  if (pending.length === 0) return [];
  if (round.order === 'sequential') return [pending[0]];
  const sek = pending.find((s) => s.role === 'sekreterare');
  return sek ? [sek] : pending;
}

/** The signatories ahead of `id` who have not signed (whom the signer waits for). */
export function waitingFor(round: RoundView, id: string): SignatorySlot[] {
  const me = round.signatories.find((s) => s.id === id);
  if (!me || me.state === 'signed') return [];
  if (whoseTurn(round).some((s) => s.id === id)) return [];
  const before = round.signatories.filter((s) => s.state !== 'signed' && s.position < me.position);
  if (round.order === 'parallel') return before.filter((s) => s.role === 'sekreterare');
  return before.sort((a, b) => a.position - b.position);
}

/** Throws a JusteringRuleError unless `id` may sign (or ask for a change) now. */
export function assertMayAct(round: RoundView, id: string): SignatorySlot {
  const me = round.signatories.find((s) => s.id === id);
  if (!me) throw new JusteringRuleError('not_signable', 'Undertecknaren hör inte till justeringen.');
  if (me.state === 'signed') throw new JusteringRuleError('already_signed', 'Du har redan signerat den här versionen.');
  if (round.status === 'change_requested') throw new JusteringRuleError('change_requested', 'En ändring har begärts; sekreteraren tar fram en ny version.');
  if (round.status !== 'active') throw new JusteringRuleError('round_closed', 'Justeringen är avslutad eller avbruten.');
  if (!whoseTurn(round).some((s) => s.id === id)) throw new JusteringRuleError('not_your_turn', 'Det är inte din tur att signera ännu.');
  return me;
}

export interface Transition {
  round: RoundView;
  /** Signatories whose turn began with this transition (send them a link now). */
  nowDue: SignatorySlot[];
  /**
   * Every signatory has approved: the round goes to 'signing' and is completed (justerat) once the
   * worker has appended every cryptographic signature (see signing.ts).
   */
  allApproved: boolean;
}

function withState(round: RoundView, id: string, state: SignatoryState, status = round.status): RoundView {
  return { ...round, status, signatories: round.signatories.map((s) => (s.id === id ? { ...s, state } : s)) };
}

function newlyDue(before: RoundView, after: RoundView): SignatorySlot[] {
  const had = new Set(whoseTurn(before).map((s) => s.id));
  return whoseTurn(after).filter((s) => !had.has(s.id));
}

/** `id` approves: the next in order becomes due; the last approval moves the round to 'signing'. */
export function sign(round: RoundView, id: string): Transition {
  assertMayAct(round, id);
  const signed = withState(round, id, 'signed');
  const allApproved = signed.signatories.every((s) => s.state === 'signed');
  const after = allApproved ? { ...signed, status: 'signing' as const } : signed;
  return { round: after, nowDue: allApproved ? [] : newlyDue(round, after), allApproved };
}

/** The worker has appended the last signature: a 'signing' round becomes justerat. */
export function completeSigning(round: RoundView): RoundView {
  if (round.status !== 'signing') throw new JusteringRuleError('round_closed', `Justeringen kan inte avslutas i läget ${round.status}.`);
  if (!round.signatories.every((s) => s.state === 'signed')) throw new JusteringRuleError('not_signable', 'Alla undertecknare har inte godkänt.');
  return { ...round, status: 'completed' };
}

/** A round that no longer takes a new version or a cancellation: approved by all, or closed. */
function isClosed(round: RoundView): boolean {
  return round.status === 'signing' || round.status === 'completed' || round.status === 'cancelled';
}

/** `id` asks for a change: the round stops until the secretary freezes a new version. */
export function requestChange(round: RoundView, id: string): Transition {
  assertMayAct(round, id);
  return { round: withState(round, id, 'change_requested', 'change_requested'), nowDue: [], allApproved: false };
}

/** A new version is frozen: every earlier approval is void, everyone starts over. */
export function newVersion(round: RoundView): Transition {
  if (isClosed(round)) throw new JusteringRuleError('round_closed', CLOSED_SV);
  const reset: RoundView = { ...round, status: 'active', signatories: round.signatories.map((s) => ({ ...s, state: 'waiting' as const })) };
  return { round: reset, nowDue: whoseTurn(reset), allApproved: false };
}

const CLOSED_SV = 'Justeringen är avslutad eller avbruten, eller alla har redan godkänt den.';

/** The secretary cancels: no link works any more. */
export function cancel(round: RoundView): RoundView {
  if (isClosed(round)) throw new JusteringRuleError('round_closed', CLOSED_SV);
  return { ...round, status: 'cancelled' };
}

/** Marks a mailed link (waiting → sent) or an opened page (sent → opened); never moves a state back. */
export function markProgress(state: SignatoryState, event: 'sent' | 'opened'): SignatoryState {
  if (state === 'signed' || state === 'change_requested') return state;
  if (event === 'sent') return state === 'waiting' ? 'sent' : state;
  return 'opened';
}
