import type { JobOutcome } from '@justera/queue';
import type { Clock } from '../clock';
import { MakeNoticeDocuments, UseCaseLog } from './make-notice-documents';
import type { AnslagStore } from './ports';
import { PostNotice } from './post-notice';
import { TakeDownNotice } from './take-down-notice';

/** Notices one reconciliation looks at (the oldest open ones first). */
export const RECONCILE_BATCH = 500;

/**
 * The hourly repair of whatever lost jobs missed, per notice with its organisation's clock: posts a
 * scheduled notice whose hour has come, takes down a current one whose take-down date has come, and
 * makes missing documents. Jobs are triggers; the database is the truth. A notice that fails is
 * logged and counted; the others go on.
 */
export class ReconcileNotices {
  constructor(
    private readonly store: AnslagStore,
    private readonly clock: Clock,
    private readonly postNotice: PostNotice,
    private readonly takeDown: TakeDownNotice,
    private readonly documents: MakeNoticeDocuments,
    private readonly log: UseCaseLog,
  ) {}

  async execute(): Promise<JobOutcome> {
    const notices = await this.store.noticesToReconcile(RECONCILE_BATCH);
    let posted = 0;
    let archived = 0;
    let failed = 0;
    for (const n of notices) {
      try {
        const now = this.clock.now(n.organisationId);
        if (n.state === 'scheduled' && n.postAt.getTime() <= now.getTime() && (await this.postNotice.postDue(n.id, now))) posted++;
        if ((await this.takeDown.execute({ noticeId: n.id })).status === 'done') archived++;
        await this.documents.execute({ noticeId: n.id });
      } catch (err) {
        failed++;
        this.log.error({ err, noticeId: n.id }, 'reconciling a notice failed');
      }
    }
    return { status: 'done', detail: `${notices.length} looked at, ${posted} posted, ${archived} taken down, ${failed} failed` };
  }
}
