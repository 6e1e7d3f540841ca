import { Injectable } from '@nestjs/common';
import {
  ClassifyLink,
  type LinkVerdict,
  ROLE_SV,
  RoundView,
  ROUND_STATUS_SV,
  SIGNATORY_STATE_SV,
  SignerRole,
  verifyChain,
  whoseTurn,
} from '@justera/justering';
import { isoDateInTimeZone } from '@justera/legal-dates';
import {
  JusteringRepository,
  JusteringRoundEntity,
  JusteringSignatoryEntity,
  ProtocolEntity,
  ProtocolsRepository,
  readAfterCommit,
} from '@justera/persistence';
import type { AuthContext } from '../auth/auth-context';
import { ensureAllowed } from '../auth/policy';
import { DomainError } from '@justera/application';

/** Where a request came from, for the audit trail. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

function viewOf(round: JusteringRoundEntity, sigs: JusteringSignatoryEntity[]): RoundView {
  return {
    order: round.signingOrder as RoundView['order'],
    status: round.status as RoundView['status'],
    signatories: sigs.map((s) => ({ id: s.id, role: s.role as SignerRole, position: s.position, state: s.state as never })),
  };
}

function organName(p: ProtocolEntity): string {
  return ((p.data as { organ?: string }) ?? {}).organ ?? p.title;
}

/**
 * The justering reads: the status, the live state, the audit trail and the documents. The use cases
 * that change a justering are in libs/justering (docs/application.md); the controllers call them.
 */
@Injectable()
export class JusteringService {
  constructor(
    private readonly repo: JusteringRepository,
    private readonly protocols: ProtocolsRepository,
    private readonly classifyLink: ClassifyLink,
  ) {}

  // ---------------------------------------------------------------- helpers

  private async loadProtocol(auth: AuthContext, id: string, action: 'protocol.read' | 'justering.manage' | 'evidence.read'): Promise<ProtocolEntity> {
    const p = await this.protocols.find(auth.principal.organisationId, id);
    if (!p) throw new DomainError('not_found', 'Protokollet finns inte.');
    ensureAllowed(auth, 'protocol.read', { organisationId: p.organisationId, organId: p.organId });
    if (action !== 'protocol.read') ensureAllowed(auth, action, { organisationId: p.organisationId, organId: p.organId });
    return p;
  }

  // ---------------------------------------------------------------- reads

  /** The round's status as a use case (libs/justering usecases) left it: what the JSON actions answer. */
  statusAfterCommit(auth: AuthContext, protocolId: string, roundId: string) {
    return readAfterCommit(() => this.status(auth, protocolId, roundId));
  }

  /**
   * The protocol's justering status. The protocol row and its rounds are separate reads, and the
   * worker completes a round and sets the protocol justerat in one transaction between them; the
   * protocol is read again afterwards and the whole read repeated if its status moved, so the answer
   * never pairs a completed round with a protocol still 'justering' (or the other way round).
   */
  async status(auth: AuthContext, protocolId: string, onlyRoundId?: string) {
    for (let attempt = 0; ; attempt++) {
      const result = await this.statusOnce(auth, protocolId, onlyRoundId);
      const again = await this.protocols.find(auth.principal.organisationId, protocolId);
      if (!again || again.status === result.protocolStatus || attempt >= 4) return result;
    }
  }

  private async statusOnce(auth: AuthContext, protocolId: string, onlyRoundId?: string) {
    const p = await this.loadProtocol(auth, protocolId, 'protocol.read');
    const rounds = (await this.repo.roundsOfProtocol(p.organisationId, p.id)).filter((r) => !onlyRoundId || r.id === onlyRoundId);
    const sigs = await this.repo.signatories(rounds.map((r) => r.id));
    const today = isoDateInTimeZone(new Date());
    const out = [];
    for (const r of rounds) {
      const versions = await this.repo.versions(r.id);
      const current = versions.find((v) => v.id === r.currentVersionId)!;
      const mine = sigs.filter((s) => s.roundId === r.id);
      const turn = new Set(whoseTurn(viewOf(r, mine)).map((s) => s.id));
      out.push({
        id: r.id,
        status: r.status,
        statusSv: ROUND_STATUS_SV[r.status as keyof typeof ROUND_STATUS_SV],
        order: r.signingOrder,
        identityLevel: r.identityLevel ?? 'e-postlank',
        paragraphs: r.paragraphs ? (JSON.parse(r.paragraphs) as number[]) : null,
        deadline: r.deadline,
        deadlinePassed: (r.status === 'active' || r.status === 'change_requested') && today > r.deadline,
        createdAt: r.createdAt,
        completedAt: r.completedAt,
        cancelledAt: r.cancelledAt,
        // Approvals whose signature the worker has not appended to the PDF yet, and its last failure.
        signing: {
          pending: mine.filter((s) => s.state === 'signed' && !s.signatureAppliedAt).length,
          error: r.signingError,
          failedAt: r.signingFailedAt,
          failures: r.signingFailures,
        },
        version: { id: current.id, number: current.number, sha256: current.sha256, size: current.size, previousSha256: current.previousSha256, createdAt: current.createdAt },
        versions: versions.map((v) => ({ id: v.id, number: v.number, sha256: v.sha256, size: v.size, previousSha256: v.previousSha256, reason: v.reason, createdAt: v.createdAt })),
        signatories: mine.map((s) => ({
          id: s.id,
          role: s.role,
          roleSv: ROLE_SV[s.role as SignerRole],
          name: s.name,
          email: s.email,
          state: s.state,
          stateSv: SIGNATORY_STATE_SV[s.state as keyof typeof SIGNATORY_STATE_SV],
          turn: turn.has(s.id),
          sentAt: s.sentAt,
          openedAt: s.openedAt,
          signedAt: s.signedAt,
          signedSha256: s.signedSha256,
          transactionId: s.signedTransactionId,
          signatureAppliedAt: s.signatureAppliedAt,
          signatureMethod: s.signatureMethod,
          changeRequestedAt: s.changeRequestedAt,
          changeComment: s.changeComment,
          remindersSent: s.remindersSent,
        })),
      });
    }
    return { protocolId: p.id, title: p.title, organ: organName(p), meetingDate: p.meetingDate, protocolStatus: p.status, rounds: out };
  }

  /**
   * What the live status stamp is made of (docs/justering.md, "Live status"): the protocol's status
   * and, per round, its status, current version, signing progress and each signatory's person and
   * state. Three small reads (protocol, rounds, signatories) and no document: cheap enough to poll.
   */
  async liveState(auth: AuthContext, protocolId: string) {
    const p = await this.loadProtocol(auth, protocolId, 'protocol.read');
    const rounds = await this.repo.roundsOfProtocol(p.organisationId, p.id);
    const sigs = await this.repo.signatories(rounds.map((r) => r.id));
    return {
      protocolId: p.id,
      protocolStatus: p.status,
      rounds: rounds.map((r) => {
        const mine = sigs.filter((s) => s.roundId === r.id);
        const turn = new Set(whoseTurn(viewOf(r, mine)).map((s) => s.id));
        return {
          id: r.id,
          status: r.status,
          statusSv: ROUND_STATUS_SV[r.status as keyof typeof ROUND_STATUS_SV],
          versionId: r.currentVersionId,
          signingPending: mine.filter((s) => s.state === 'signed' && !s.signatureAppliedAt).length,
          signingFailures: r.signingFailures,
          signatories: mine.map((s) => ({
            id: s.id,
            name: s.name,
            email: s.email,
            role: s.role,
            state: s.state,
            stateSv: SIGNATORY_STATE_SV[s.state as keyof typeof SIGNATORY_STATE_SV],
            turn: turn.has(s.id),
            remindersSent: s.remindersSent,
          })),
        };
      }),
    };
  }

  async auditTrail(auth: AuthContext, protocolId: string) {
    const p = await this.loadProtocol(auth, protocolId, 'evidence.read');
    const rows = await this.repo.auditEvents(p.organisationId, p.id);
    const records = rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
    const verdict = verifyChain(records);
    return {
      protocolId: p.id,
      verification: verdict,
      events: records.map((r) => ({ seq: r.seq, type: r.type, at: r.at, actor: r.actor, ip: r.ip, userAgent: r.userAgent, transactionId: r.transactionId, roundId: r.roundId, data: r.data, prevHash: r.prevHash, hash: r.hash })),
    };
  }

  /** The current version's PDF with the signatures appended so far (the final PDF once justerat). */
  async document(auth: AuthContext, protocolId: string, roundId: string) {
    const p = await this.loadProtocol(auth, protocolId, 'protocol.read');
    const round = (await this.repo.roundsOfProtocol(p.organisationId, p.id)).find((r) => r.id === roundId);
    if (!round) throw new DomainError('not_found', 'Justeringen finns inte.');
    const version = (await this.repo.versions(round.id)).find((v) => v.id === round.currentVersionId)!;
    const doc = await this.repo.documentWithContent(p.organisationId, version.signedDocumentId);
    if (!doc) throw new DomainError('not_found', 'Dokumentet finns inte.');
    return { bytes: doc.content, fileName: `${round.status === 'completed' ? 'justerat-' : ''}${doc.fileName ?? 'protokoll.pdf'}` };
  }

  // ---------------------------------------------------------------- the signing link
  // The signer's use cases (ClassifyLink, OpenLink, ApproveVersion, RequestChanges) live in
  // libs/justering; SigningController calls them. Only the document read is here.

  /** The frozen PDF the link's signer approves (read-only, also after signing). */
  async linkDocument(token: string): Promise<{ bytes: Buffer; sha256: string } | LinkVerdict> {
    const v = await this.classifyLink.execute({ token });
    if (v.kind === 'invalid') return v;
    if (v.kind === 'superseded' || v.kind === 'cancelled' || v.kind === 'expired') return v;
    const doc = await this.repo.documentWithContent(v.ctx.round.organisationId, v.ctx.version.documentId);
    if (!doc) return { kind: 'invalid' };
    return { bytes: doc.content, sha256: v.ctx.version.sha256 };
  }
}
