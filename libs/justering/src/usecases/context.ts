import { randomUUID } from 'node:crypto';
import { type Actor, type Caller, type Clock, DomainError, ensureAllowed, type RequestMeta } from '@justera/application';
import type { ProtocolRef } from '@justera/mail';
import { plannedJusteringText } from '@justera/sv';
import { paragraphLabel } from '../mails';
import type { RoundView } from '../round';
import type { JusteringSettings } from '../settings';
import type { JusteringStore, JusteringUnitOfWork, ProtocolFacts, Round, Signatory, Version } from './ports';

/** What the justering use cases take from the configuration (AppConfig.justering and publicUrl). */
export interface JusteringUseCaseConfig {
  settings: JusteringSettings;
  /** The public base URL the signing and dashboard links in mail point to. */
  publicUrl: string;
}

/** One transaction's identity in the audit trail: every event it writes carries the same id. */
export interface Tx {
  id: string;
  actor: Actor;
  meta: RequestMeta;
  now: Date;
}

export function newTx(actor: Actor, meta: RequestMeta, now: Date): Tx {
  return { id: randomUUID(), actor, meta, now };
}

export function organName(p: ProtocolFacts): string {
  return ((p.data as { organ?: string }) ?? {}).organ ?? p.title;
}

/** The protocol as the mails name it, with the planned justering when the protocol gives one. */
export function protocolRef(p: ProtocolFacts, round: Round, sha256?: string): ProtocolRef {
  const justering = plannedJusteringText(p.data);
  return {
    organ: organName(p),
    meetingDate: p.meetingDate,
    paragraphs: paragraphLabel(round.paragraphs),
    documentSha256: sha256,
    ...(justering ? { justering } : {}),
  };
}

export function viewOf(round: Round, sigs: Signatory[]): RoundView {
  return {
    order: round.signingOrder,
    status: round.status,
    signatories: sigs.map((s) => ({ id: s.id, role: s.role, position: s.position, state: s.state })),
  };
}

/** Appends one event of the round's transaction to the protocol's audit chain. */
export function audit(uow: JusteringUnitOfWork, round: Round, tx: Tx, type: string, data: Record<string, unknown>): Promise<void> {
  return uow.appendAudit({
    organisationId: round.organisationId,
    protocolId: round.protocolId,
    roundId: round.id,
    type,
    at: tx.now,
    actor: tx.actor,
    ip: tx.meta.ip,
    userAgent: tx.meta.userAgent,
    transactionId: tx.id,
    data,
  });
}

/** A secretary's action on one signatory of a running round. */
export interface SignatoryActionCommand {
  caller: Caller;
  protocolId: string;
  roundId: string;
  signatoryId: string;
  meta: RequestMeta;
}

export interface SecretaryContext {
  uow: JusteringUnitOfWork;
  protocol: ProtocolFacts;
  round: Round;
  sigs: Signatory[];
  version: Version;
  tx: Tx;
}

/** The protocol, if the caller may manage its justering (another organisation's protocol is `not_found`). */
export async function manageableProtocol(store: JusteringStore, caller: Caller, protocolId: string): Promise<ProtocolFacts> {
  const p = await store.findProtocol(caller.principal.organisationId, protocolId);
  if (!p) throw new DomainError('not_found', 'Protokollet finns inte.');
  ensureAllowed(caller, 'protocol.read', { organisationId: p.organisationId, organId: p.organId });
  ensureAllowed(caller, 'justering.manage', { organisationId: p.organisationId, organId: p.organId });
  return p;
}

/**
 * Runs a secretary's action: the caller may manage the protocol's justering (`manageableProtocol`),
 * then one unit of work with the protocol locked and the round, its signatories and its current
 * version read under the lock.
 */
export async function secretaryAction<T>(
  store: JusteringStore,
  clock: Clock,
  command: { caller: Caller; protocolId: string; roundId: string; meta: RequestMeta },
  actor: Actor,
  fn: (ctx: SecretaryContext) => Promise<T>,
  /** The protocol as `manageableProtocol` already gave it (FreezeNewVersion checks before rendering). */
  checked?: ProtocolFacts,
): Promise<T> {
  const p = checked ?? (await manageableProtocol(store, command.caller, command.protocolId));
  return store.unitOfWork(async (uow) => {
    const locked = await uow.lockProtocol(p.organisationId, p.id);
    const round = await uow.round(command.roundId);
    if (!locked || !round || round.protocolId !== p.id) throw new DomainError('not_found', 'Justeringen finns inte.');
    const sigs = await uow.signatories(round.id);
    const version = (await uow.version(round.currentVersionId!))!;
    return fn({ uow, protocol: locked, round, sigs, version, tx: newTx(actor, command.meta, clock.now()) });
  });
}

export function findSignatory(sigs: Signatory[], id: string): Signatory {
  const s = sigs.find((x) => x.id === id);
  if (!s) throw new DomainError('not_found', 'Undertecknaren finns inte.');
  return s;
}

/** A round whose approvals are all in (signing), completed or cancelled takes no secretary action. */
export function requireOpen(round: Round): void {
  if (round.status === 'signing') throw new DomainError('round_closed', 'Alla har godkänt; underskrifterna läggs in i dokumentet.');
  if (round.status === 'completed' || round.status === 'cancelled')
    throw new DomainError('round_closed', 'Justeringen är avslutad eller avbruten.');
}
