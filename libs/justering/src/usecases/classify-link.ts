import { type Clock, DomainError } from '@justera/application';
import { hashToken, looksLikeToken } from '@justera/auth';
import { namesMatch, type VerifiedIdentity } from '@justera/identity';
import { waitingFor, whoseTurn } from '../round';
import { viewOf } from './context';
import type { JusteringStore, JusteringUnitOfWork, ProtocolFacts, Round, Signatory, SigningLink, Version } from './ports';

/**
 * What a superseded link's holder should do now, from the round's state (not from the reason alone):
 * `mailed` a newer link of theirs exists (their state is sent or opened: the mail was queued with
 * it); `later` none yet, it comes when their turn comes (sequential order after a new version, or an
 * e-mail change before their turn); `signed` they have already approved the current version; `done`
 * the round is past approving (signing or completed).
 */
export type SupersededNext = 'mailed' | 'later' | 'signed' | 'done';

/** What a signing link leads to. */
export type LinkVerdict =
  | { kind: 'invalid' }
  | { kind: 'expired'; ctx: LinkContext }
  | { kind: 'superseded'; reason: string; ctx: LinkContext; next: SupersededNext; waitingFor: Signatory[] }
  | { kind: 'cancelled'; ctx: LinkContext }
  | { kind: 'signed'; ctx: LinkContext }
  | { kind: 'change_requested'; ctx: LinkContext }
  | { kind: 'waiting'; ctx: LinkContext; waitingFor: Signatory[] }
  | { kind: 'open'; ctx: LinkContext };

/** The link and its round as its page shows them: plain domain objects. */
export interface LinkContext {
  link: SigningLink;
  round: Round;
  version: Version;
  signatory: Signatory;
  signatories: Signatory[];
  protocol: ProtocolFacts;
}

/** The link a presented token stands for, or null (a malformed or unknown token). */
export async function findLink(store: JusteringStore, token: string): Promise<SigningLink | null> {
  if (!looksLikeToken(token)) return null;
  return store.findLinkByTokenHash(hashToken(token));
}

/** What a signer's action (ApproveVersion, RequestChanges) works on: its unit of work, the open link's context, the time. */
export interface OpenLinkAction {
  uow: JusteringUnitOfWork;
  ctx: LinkContext;
  now: Date;
}

/**
 * The opening of a signer's action on a presented token: the link is found, the protocol locked and
 * the link classified again under the lock; `fn` runs only for an open link (the signer's turn, not
 * expired, superseded or used) and any other verdict is returned as it is.
 */
export async function withOpenLink(
  store: JusteringStore,
  clock: Clock,
  token: string,
  fn: (action: OpenLinkAction) => Promise<LinkVerdict>,
): Promise<LinkVerdict> {
  const link = await findLink(store, token);
  if (!link) return { kind: 'invalid' };
  return store.unitOfWork(async (uow) => {
    const now = clock.now();
    const v = await classifyLink(uow, link.id, now, true);
    if (v.kind !== 'open') return v;
    return fn({ uow, ctx: v.ctx, now });
  });
}

/**
 * Classifies a link in a unit of work. With `lock` the protocol row is locked first and the round and
 * the link are read again under it: another transaction (a parallel signer's change request, the
 * secretary's cancel) may have changed them while this one waited. Without it nothing is locked (a
 * page read). The order of the checks is the rule: what was signed with the link stays visible even
 * after the round closed; a superseded link or one of an earlier version says why; then cancelled,
 * expired, change requested, not yet the signer's turn, open.
 */
export async function classifyLink(uow: JusteringUnitOfWork, linkId: string, now: Date, lock: boolean): Promise<LinkVerdict> {
  const link = await uow.link(linkId);
  if (!link) return { kind: 'invalid' };
  const round0 = (await uow.round(link.roundId))!;
  const protocol = lock ? await uow.lockProtocol(round0.organisationId, round0.protocolId) : await uow.protocol(round0.protocolId);
  if (!protocol) return { kind: 'invalid' };
  const round = lock ? (await uow.round(link.roundId))! : round0;
  const fresh = lock ? (await uow.link(linkId))! : link;
  const signatories = await uow.signatories(round.id);
  const signatory = signatories.find((s) => s.id === fresh.signatoryId)!;
  const version = (await uow.version(fresh.versionId))!;
  const ctx: LinkContext = { link: fresh, round, version, signatory, signatories, protocol };
  if (signatory.state === 'signed' && signatory.signedSha256 === version.sha256 && round.currentVersionId === version.id)
    return { kind: 'signed', ctx };
  if (fresh.supersededAt || round.currentVersionId !== version.id) {
    if (fresh.supersededReason === 'cancelled' || round.status === 'cancelled') return { kind: 'cancelled', ctx };
    const reason = fresh.supersededAt ? (fresh.supersededReason ?? 'replaced') : 'replaced';
    const view = viewOf(round, signatories);
    const next: SupersededNext =
      signatory.state === 'signed'
        ? 'signed'
        : round.status === 'signing' || round.status === 'completed'
          ? 'done'
          : signatory.state === 'waiting'
            ? 'later'
            : 'mailed';
    const turn = next === 'later' ? signatories.filter((s) => whoseTurn(view).some((w) => w.id === s.id)) : [];
    return { kind: 'superseded', reason, ctx, next, waitingFor: turn };
  }
  if (round.status === 'cancelled') return { kind: 'cancelled', ctx };
  if (now.getTime() >= fresh.expiresAt.getTime()) return { kind: 'expired', ctx };
  if (round.status === 'change_requested') return { kind: 'change_requested', ctx };
  const view = viewOf(round, signatories);
  const wait = waitingFor(view, signatory.id);
  if (!whoseTurn(view).some((s) => s.id === signatory.id))
    return { kind: 'waiting', ctx, waitingFor: signatories.filter((s) => wait.some((w) => w.id === s.id)) };
  return { kind: 'open', ctx };
}

/**
 * A round with the identity level e-legitimation takes an approval or a change request only with an
 * identity verified for this link whose name matches the undertecknare (checked again here, under the
 * protocol lock). Returns the identity to record, or null for a round by link alone.
 */
export function requireIdentity(round: Round, sig: Signatory, identity: VerifiedIdentity | null): VerifiedIdentity | null {
  if (round.identityLevel !== 'e-legitimation') return null;
  if (!identity || !namesMatch(sig.name, identity)) throw new DomainError('identity_required');
  return identity;
}

export interface ClassifyLinkCommand {
  /** The token from the link's URL, as presented. */
  token: string;
}

/** ClassifyLink: what a presented token leads to, with no side effects (no lock, no write). */
export class ClassifyLink {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: ClassifyLinkCommand): Promise<LinkVerdict> {
    const link = await findLink(this.store, command.token);
    if (!link) return { kind: 'invalid' };
    return this.store.unitOfWork((uow) => classifyLink(uow, link.id, this.clock.now(), false));
  }
}
