import type { Clock, RequestMeta } from '@justera/application';
import { markProgress } from '../round';
import { classifyLink, findLink, type LinkVerdict } from './classify-link';
import { audit, newTx } from './context';
import type { JusteringStore } from './ports';

export interface OpenLinkCommand {
  token: string;
  meta: RequestMeta;
}

/**
 * OpenLink: the GET of the signing page. Classifies the link; the first opening of an open link marks
 * the signatory öppnad and is audited (`link.opened`). The page is read far more often than acted
 * on, so the link is classified without a lock first; only a first opening takes the protocol lock
 * (before any row is written, the order every change takes) and classifies again under it.
 */
export class OpenLink {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: OpenLinkCommand): Promise<LinkVerdict> {
    const link = await findLink(this.store, command.token);
    if (!link) return { kind: 'invalid' };
    return this.store.unitOfWork(async (uow) => {
      const now = this.clock.now();
      const v = await classifyLink(uow, link.id, now, false);
      if (v.kind !== 'open' || v.ctx.signatory.state === 'opened') return v;
      const locked = await classifyLink(uow, link.id, now, true);
      if (locked.kind === 'open' && locked.ctx.signatory.state !== 'opened') {
        const sig = locked.ctx.signatory;
        sig.state = markProgress(sig.state, 'opened');
        sig.openedAt = now;
        await uow.saveSignatory(sig);
        await audit(uow, locked.ctx.round, newTx(`signatory:${sig.id}`, command.meta, now), 'link.opened', {
          signatoryId: sig.id,
          linkId: link.id,
          versionId: locked.ctx.version.id,
        });
      }
      return locked;
    });
  }
}
