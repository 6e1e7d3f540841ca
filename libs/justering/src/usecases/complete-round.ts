import { randomUUID } from 'node:crypto';
import { boardPolicy, planPosting } from '@justera/anslag';
import { allSignedNotice } from '../mails';
import { completeSigning } from '../round';
import { justeradAt as justeradAtOf } from '../signing';
import { audit, protocolRef, viewOf, type JusteringUseCaseConfig } from './context';
import type { JusteringUnitOfWork, ProtocolFacts, Round, Signatory, Version } from './ports';
import { slotsOf } from './signing-context';

export interface CompleteRoundCommand {
  /** The unit of work that appended the last signature (the protocol locked). */
  uow: JusteringUnitOfWork;
  protocol: ProtocolFacts;
  round: Round;
  /** The version, its `signedDocumentId` the revision with every signature. */
  version: Version;
  /** The round's signatories, every signature applied. */
  sigs: Signatory[];
  now: Date;
}

/**
 * CompleteRound (inside AppendSignatures' unit of work, after the last signature): the round is
 * completed as of the last approval (the legal justering time, not when the worker appended the
 * signature), a whole-protocol round makes the protocol justerat, the sekreterare is mailed — with when
 * Justera posts the notice and which other boards wait for her —, the completion audited, and the
 * notice handed to the anslag side (`anslag.post-notice`), all in the same transaction.
 */
export class CompleteRound {
  constructor(private readonly config: Pick<JusteringUseCaseConfig, 'publicUrl'>) {}

  async execute({ uow, protocol, round, version, sigs, now }: CompleteRoundCommand): Promise<void> {
    round.status = completeSigning(viewOf(round, sigs)).status;
    const at = justeradAtOf(slotsOf(sigs, version)) ?? now;
    round.completedAt = at;
    await uow.saveRound(round);
    if (!round.paragraphs) await uow.setProtocolStatus(protocol.id, 'justerat');
    const secretary = sigs.find((s) => s.role === 'sekreterare')!;
    const mail = allSignedNotice({
      secretaryName: secretary.name,
      protocol: protocolRef(protocol, round, version.sha256),
      signers: sigs.map((s) => ({ name: s.name, role: s.role })),
      posting: await this.postingOf(uow, protocol, at, now),
      link: `${this.config.publicUrl}/justering/${protocol.id}`,
    });
    await uow.queueMail({ organisationId: round.organisationId, kind: 'justering.completed', to: secretary.email, ...mail });
    await audit(uow, round, { id: randomUUID(), actor: 'system', meta: { ip: null, userAgent: null }, now }, 'completed', {
      versionId: version.id,
      sha256: version.sha256,
      signedDocumentId: version.signedDocumentId,
      justeradAt: at.toISOString(),
    });
    await uow.enqueue('anslag.post-notice', {
      protocolId: round.protocolId,
      roundId: round.id,
      justeradAt: at.toISOString(),
      ...(round.paragraphs ? { paragraphs: round.paragraphs } : {}),
      documentId: version.signedDocumentId,
    });
  }

  /**
   * What the anslag side will do with the notice (docs/anslag.md): the organ's Justera board's posting
   * policy (immediate when it has none yet: the notice workflow then creates an immediate one), and
   * the other municipalities' boards that wait for the secretary. The mail says this instead of
   * asking the secretary to post what Justera posts itself.
   */
  private async postingOf(uow: JusteringUnitOfWork, p: ProtocolFacts, at: Date, now: Date) {
    const boards = await uow.postingBoards(p.organisationId, p.organId);
    const own = boards.find((b) => b.kind === 'justera');
    const policy = boardPolicy(
      own && { postingMode: own.postingMode === 'nextWorkingDayAt' ? 'nextWorkingDayAt' : 'immediate', postingHour: own.postingHour },
    );
    const plan = planPosting(at, policy);
    return {
      postAt: plan.postAt,
      // A justering completed after its posting hour has passed is posted at once, like an immediate one.
      immediate: plan.postAt.getTime() <= now.getTime(),
      deadline: plan.deadline,
      externalBoards: boards.filter((b) => b.kind === 'external').map((b) => b.name),
      anslagLink: `${this.config.publicUrl}/anslag/protokoll/${p.id}`,
    };
  }
}
