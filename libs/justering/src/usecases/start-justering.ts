import { randomUUID } from 'node:crypto';
import { actorOf, type Caller, type Clock, DomainError, invalidRequest, type RequestMeta } from '@justera/application';
import { checkReadyForJustering, type Protocol } from '@justera/protocol';
import { roundDeadline, warningAt } from '../deadlines';
import { orderSignatories, type SignatoryInput, type SigningOrder, whoseTurn } from '../round';
import type { JusteringSettings } from '../settings';
import { audit, manageableProtocol, newTx, viewOf } from './context';
import { freezeProtocol, frozenDocument, requireUnchanged } from './frozen-pdf';
import type { IssueLink } from './issue-link';
import { newSignatory } from './new-signatory';
import type { JusteringStore, ProtocolFreezer, Round, Version } from './ports';

export interface StartJusteringCommand {
  caller: Caller;
  protocolId: string;
  /** sequential (default): sek → ord → jus 1 → jus 2; parallel: the others at once after the sekreterare. */
  order?: SigningOrder;
  /** Replaces the protocol's signatories (an uploaded PDF without them needs them). */
  signatories?: SignatoryInput[];
  /** Omedelbar justering: only these §§ (a protokollsutdrag is frozen instead of the whole protocol). */
  paragraphs?: number[];
  /** How the undertecknare are identified; default: the organ's identity level. */
  identityLevel?: 'e-postlank' | 'e-legitimation';
  meta: RequestMeta;
}

export interface StartJusteringConfig {
  settings: JusteringSettings;
  /** An e-legitimation provider is configured (AppConfig.oidc): a round may ask for e-legitimation. */
  eLegitimation: boolean;
}

/**
 * StartJustering: checks the signatories (exactly one sekreterare, one ordförande, one or two
 * justerare, each with a name and an address of their own), freezes the PDF (the whole protocol or,
 * for an omedelbar justering, an excerpt of its §§) and, under the protocol lock, creates the round
 * with its deadline, version 1, the signatories in signing order, the first links (through
 * `IssueLink`) and the deadline warning job; a whole-protocol round sets the protocol under
 * justering. A protocol has one whole-protocol round at a time, and a § is in at most one open round.
 * Returns the round's id.
 */
export class StartJustering {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
    private readonly freezer: ProtocolFreezer,
    private readonly issueLink: IssueLink,
    private readonly config: StartJusteringConfig,
  ) {}

  async execute(command: StartJusteringCommand): Promise<string> {
    const p = await manageableProtocol(this.store, command.caller, command.protocolId);
    const paragraphs = command.paragraphs ? [...new Set(command.paragraphs)].sort((a, b) => a - b) : null;
    let input: SignatoryInput[];
    if (command.signatories) input = command.signatories;
    else if (p.source === 'structured') {
      const issues = checkReadyForJustering(p.data as Protocol);
      if (issues.length)
        throw invalidRequest(`Protokollet är inte klart för justering: ${issues.map((i) => i.messageSv).join('; ')}`, issues);
      input = (p.data as Protocol).signatories.map((s) => ({ role: s.role, name: s.name, email: s.email ?? '' }));
    } else
      input = (((p.data as { signatories?: SignatoryInput[] }) ?? {}).signatories ?? []).map((s) => ({
        role: s.role,
        name: s.name,
        email: s.email ?? '',
      }));
    const ordered = orderSignatories(input);
    const identityLevel = command.identityLevel ?? (await this.store.organIdentityLevel(p.organisationId, p.organId)) ?? 'e-postlank';
    if (identityLevel === 'e-legitimation' && !this.config.eLegitimation) throw new DomainError('identity_unavailable');
    // Rendering takes a while: before the transaction, not under the protocol lock.
    const frozen = await freezeProtocol(this.store, this.freezer, p, paragraphs, identityLevel);
    const tx = newTx(actorOf(command.caller), command.meta, this.clock.now());
    const now = tx.now;
    return this.store.unitOfWork(async (uow) => {
      const locked = await uow.lockProtocol(p.organisationId, p.id);
      if (!locked) throw new DomainError('not_found', 'Protokollet finns inte.');
      const open = (await uow.roundsOfProtocol(p.id)).filter(
        (r) => r.status === 'active' || r.status === 'change_requested' || r.status === 'signing',
      );
      if (!paragraphs) {
        if (locked.status !== 'draft')
          throw new DomainError(
            'not_draft',
            locked.status === 'justerat' ? 'Protokollet är redan justerat.' : 'Protokollet är redan under justering.',
          );
        if (open.some((r) => !r.paragraphs)) throw new DomainError('already_started', 'Protokollet är redan under justering.');
      } else if (open.some((r) => r.paragraphs?.some((n) => paragraphs.includes(n)))) {
        throw new DomainError('already_started', 'Någon av paragraferna är redan under justering.');
      }
      requireUnchanged(p, locked);
      const doc = frozenDocument(p, frozen.bytes, frozen.fileName, now);
      await uow.insertDocument(doc);
      const round: Round = {
        id: randomUUID(),
        organisationId: p.organisationId,
        protocolId: p.id,
        organId: p.organId,
        paragraphs,
        signingOrder: command.order ?? 'sequential',
        identityLevel,
        status: 'active',
        deadline: roundDeadline(p.meetingDate),
        currentVersionId: null,
        createdBy: tx.actor,
        createdAt: now,
        completedAt: null,
        cancelledAt: null,
        warnedAt: null,
        signingError: null,
        signingFailedAt: null,
        signingFailures: 0,
      };
      const version: Version = {
        id: randomUUID(),
        roundId: round.id,
        number: 1,
        documentId: doc.id,
        sha256: doc.sha256,
        size: doc.size,
        previousSha256: null,
        signedDocumentId: doc.id,
        reason: null,
        createdAt: now,
      };
      round.currentVersionId = version.id;
      await uow.saveRound(round);
      await uow.saveVersion(version);
      const sigs = ordered.map((s, position) =>
        newSignatory({ id: randomUUID(), roundId: round.id, role: s.role, name: s.name, email: s.email, position }),
      );
      for (const s of sigs) await uow.saveSignatory(s);
      if (!paragraphs) await uow.setProtocolStatus(p.id, 'justering');
      await audit(uow, round, tx, 'round.created', {
        order: round.signingOrder,
        identityLevel,
        deadline: round.deadline,
        paragraphs,
        signatories: sigs.map((s) => ({ id: s.id, role: s.role, name: s.name, email: s.email, position: s.position })),
      });
      await audit(uow, round, tx, 'version.frozen', {
        versionId: version.id,
        number: 1,
        documentId: doc.id,
        sha256: doc.sha256,
        size: doc.size,
        previousSha256: null,
      });
      for (const due of whoseTurn(viewOf(round, sigs)))
        await this.issueLink.execute({
          uow,
          tx,
          protocol: p,
          round,
          version,
          signatory: sigs.find((s) => s.id === due.id)!,
          kind: 'invitation',
        });
      const warnAt = warningAt(round.deadline, now, this.config.settings.warnWorkingDaysBefore);
      await uow.enqueue('justering.deadline-warning', { roundId: round.id }, { delayMs: warnAt.getTime() - now.getTime() });
      return round.id;
    });
  }
}
