import type { Clock, RequestMeta } from '@justera/application';
import { auditedIdentity, type VerifiedIdentity } from '@justera/identity';
import { changeRequestNotice } from '../mails';
import { requestChange } from '../round';
import { type LinkVerdict, requireIdentity, withOpenLink } from './classify-link';
import { audit, newTx, protocolRef, type JusteringUseCaseConfig, viewOf } from './context';
import type { JusteringStore } from './ports';

export interface RequestChangesCommand {
  token: string;
  /** What should be changed (kept up to 4000 characters). */
  comment: string;
  meta: RequestMeta;
  /** The identity verified for this link in this browser (rounds with e-legitimation), or null. */
  identity?: VerifiedIdentity | null;
}

/**
 * RequestChanges: a signer whose turn it is asks for a change instead of approving. The round stops
 * (`change_requested`: every link of it shows the change request until the sekreterare freezes a new
 * version, which supersedes them), it is audited (`change.requested`, with the comment) and the
 * sekreterare is mailed the comment. A round with e-legitimation needs the signatory's verified
 * identity here too.
 */
export class RequestChanges {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
    private readonly config: JusteringUseCaseConfig,
  ) {}

  async execute(command: RequestChangesCommand): Promise<LinkVerdict> {
    return withOpenLink(this.store, this.clock, command.token, async ({ uow, ctx, now }) => {
      const { round, signatory: sig, signatories: sigs, protocol: p, version } = ctx;
      requestChange(viewOf(round, sigs), sig.id);
      const verified = requireIdentity(round, sig, command.identity ?? null);
      const tx = newTx(`signatory:${sig.id}`, command.meta, now);
      sig.state = 'change_requested';
      sig.changeRequestedAt = now;
      sig.changeComment = command.comment.slice(0, 4000);
      await uow.saveSignatory(sig);
      round.status = 'change_requested';
      await uow.saveRound(round);
      await audit(uow, round, tx, 'change.requested', {
        signatoryId: sig.id,
        role: sig.role,
        name: sig.name,
        comment: sig.changeComment,
        versionId: version.id,
        sha256: version.sha256,
        ...(verified ? { identity: auditedIdentity(verified) } : {}),
      });
      const secretary = sigs.find((s) => s.role === 'sekreterare')!;
      const mail = changeRequestNotice({
        secretaryName: secretary.name,
        signer: { name: sig.name, role: sig.role },
        protocol: protocolRef(p, round, version.sha256),
        comment: sig.changeComment,
        link: `${this.config.publicUrl}/justering/${p.id}`,
      });
      await uow.queueMail({ organisationId: round.organisationId, kind: 'justering.change-requested', to: secretary.email, ...mail });
      return { kind: 'change_requested', ctx: { ...ctx, round } };
    });
  }
}
