import { Caller, DomainError, actorOf, ensureAllowed, invalidRequest, notFound } from '@justera/application';
import { InvalidDateError, compareDates, parseIsoDate } from '@justera/legal-dates';
import type { Clock } from '../clock';
import { applyNoticeDates, swedishToday } from './notice-dates';
import type { AnslagStore } from './ports';

export interface RecordExternalPostingCommand {
  caller: Caller;
  noticeId: string;
  boardId: string;
  /** The Swedish calendar date the notice went up on the other board, YYYY-MM-DD. */
  postedDate: string;
}

export interface RecordExternalPostingResult {
  noticeId: string;
  protocolId: string;
  /** False when the same date was recorded already (a repeated form or request changes nothing). */
  recorded: boolean;
}

/**
 * Records the day a notice went up on another municipality's board (gemensam nämnd). The appeal
 * period then runs from the latest posting; once every board is recorded the take-down is
 * scheduled and the reconciliation makes the anslagsbevis and the ANSLAG fields.
 *
 * Rules: the organ's sekreterare (`justering.manage`); not a day that has not come, not before the
 * justering; only an external board of this notice; the same date again is a no-op, another date
 * is `already_recorded`; a taken-down notice is `archived`.
 */
export class RecordExternalPosting {
  constructor(
    private readonly store: AnslagStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: RecordExternalPostingCommand): Promise<RecordExternalPostingResult> {
    const { caller, noticeId, boardId, postedDate } = command;
    const found = await this.store.findNotice(noticeId);
    if (!found || found.organisationId !== caller.principal.organisationId) throw notFound('Anslaget');
    ensureAllowed(caller, 'justering.manage', { organisationId: found.organisationId, organId: found.organId });
    try {
      parseIsoDate(postedDate);
    } catch (err) {
      if (err instanceof InvalidDateError) throw invalidRequest(`postedDate: ${err.message}`);
      throw err;
    }
    const now = this.clock.now(found.organisationId);
    if (compareDates(postedDate, swedishToday(now)) > 0)
      throw invalidRequest('postedDate: ett anslag kan inte registreras för en dag som inte har kommit.');
    if (compareDates(postedDate, found.justeradDate) < 0)
      throw invalidRequest('postedDate: anslaget kan inte ha satts upp före justeringen.');
    const actor = actorOf(caller);

    const recorded = await this.store.unitOfWork(async (uow) => {
      const notice = (await uow.lockNotice(noticeId))!;
      const postings = await uow.postingsOf(notice.id);
      const posting = postings.find((p) => p.boardId === boardId);
      if (!posting) throw invalidRequest('boardId: anslagstavlan hör inte till detta anslag.');
      if (posting.kind !== 'external') throw new DomainError('not_external');
      if (posting.postedDate === postedDate) return false;
      if (posting.postedDate)
        throw new DomainError('already_recorded', `Anslaget på ${posting.boardName} är redan registrerat ${posting.postedDate}.`);
      if (notice.state === 'archived') throw new DomainError('archived');
      if (!(await uow.claimPosting(posting.id, postedDate, now, actor))) throw new DomainError('already_recorded');
      Object.assign(posting, { postedDate, postedAt: now, recordedBy: actor });
      const dates = await applyNoticeDates(uow, notice, postings, now);
      await uow.appendAudit({
        organisationId: notice.organisationId,
        noticeId: notice.id,
        kind: 'external-posting-recorded',
        at: now,
        actor,
        detail: { board: posting.boardName, postedDate, late: dates.latePostings.includes(posting.boardName) },
      });
      // The dates are final: the reconciliation makes the anslagsbevis and fills the ANSLAG fields.
      if (!dates.awaitingPostings && dates.takeDownDate) await uow.enqueue('anslag.reconcile', {});
      return true;
    });
    return { noticeId: found.id, protocolId: found.protocolId, recorded };
  }
}
