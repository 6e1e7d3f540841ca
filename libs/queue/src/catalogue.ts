/**
 * The one catalogue of queues, job names and their typed payloads. A job is named "<queue>.<what>".
 * The worker refuses to start when a job here has no handler; producers can only enqueue names here.
 */
export const QUEUES = ['mail', 'maintenance', 'justering', 'anslag'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobPayloads {
  /** Send one row of mail_deliveries. */
  'mail.send': { deliveryId: string };
  /** Delete expired login sessions. */
  'maintenance.purge-sessions': Record<string, never>;
  /**
   * Daily: PAdES-LTA renewal of the stored justerat documents whose last document time-stamp stops
   * protecting them within ARCHIVE_RENEWAL_DAYS (a new DSS and document time-stamp, audited as
   * `document.renewed`); at most ARCHIVE_RENEWAL_BATCH documents a run.
   */
  'maintenance.renew-archives': Record<string, never>;
  /** Reminder number `number` to a signatory who has not acted on `versionId` (skipped when they have). */
  'justering.remind': { roundId: string; signatoryId: string; versionId: string; number: number };
  /** Warn the secretary that the justering deadline is near (once per round). */
  'justering.deadline-warning': { roundId: string };
  /**
   * Append the cryptographic signatures of the version's approvals that are not in its PDF yet (one
   * at a time, in approval order); after the last one, complete the round. Enqueued with each
   * approval; fails and retries when the signer fails (e.g. the TSA is down).
   */
  'justering.sign': { roundId: string; versionId: string };
  /** Hourly: enqueue `justering.sign` for approvals still not in their PDF (a job that ran out of attempts). */
  'justering.reconcile-signing': Record<string, never>;
  /**
   * A justering round is complete (enqueued in the transaction that records the last signature):
   * post its notice. `paragraphs` (omedelbar justering: the §§ of the round) and `documentId` (the
   * signed PDF) are optional; without them the round's data is looked up.
   */
  'anslag.post-notice': { protocolId: string; roundId: string; justeradAt: string; paragraphs?: number[]; documentId?: string };
  /** Take a notice down when its take-down date has come (delayed; skipped when not yet due). */
  'anslag.take-down': { noticeId: string };
  /** Hourly: post, take down and seal whatever a lost job missed (the database is the truth). */
  'anslag.reconcile': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export interface JobDefinition {
  queue: QueueName;
  /** Tries in all, the first included. */
  attempts: number;
  /** Exponential backoff base delay, ms. */
  backoffMs: number;
}

export const JOBS: { [K in JobName]: JobDefinition } = {
  'mail.send': { queue: 'mail', attempts: 12, backoffMs: 5_000 },
  'maintenance.purge-sessions': { queue: 'maintenance', attempts: 3, backoffMs: 60_000 },
  // Failures are per document (recorded, retried on the next run); the job itself rarely throws.
  'maintenance.renew-archives': { queue: 'maintenance', attempts: 2, backoffMs: 300_000 },
  'justering.remind': { queue: 'justering', attempts: 8, backoffMs: 10_000 },
  'justering.deadline-warning': { queue: 'justering', attempts: 8, backoffMs: 10_000 },
  // 5 s, 10 s, 20 s … : ten tries span about 40 minutes; then the hourly reconcile takes over.
  'justering.sign': { queue: 'justering', attempts: 10, backoffMs: 5_000 },
  'justering.reconcile-signing': { queue: 'justering', attempts: 2, backoffMs: 60_000 },
  'anslag.post-notice': { queue: 'anslag', attempts: 10, backoffMs: 10_000 },
  'anslag.take-down': { queue: 'anslag', attempts: 10, backoffMs: 10_000 },
  'anslag.reconcile': { queue: 'anslag', attempts: 2, backoffMs: 60_000 },
};

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.prototype.hasOwnProperty.call(JOBS, name);
}

/** What a handler reports; a handler that finds its subject gone returns 'skipped', it does not throw. */
export type JobOutcome = { status: 'done' | 'skipped'; detail?: string };

export interface JobHandler<K extends JobName = JobName> {
  readonly jobName: K;
  handle(payload: JobPayloads[K], context: { jobId: string; attempt: number }): Promise<JobOutcome>;
}

/** The catalogue's names that no handler covers (the worker refuses to start unless this is empty). */
export function missingHandlers(handlers: Pick<JobHandler, 'jobName'>[]): JobName[] {
  const covered = new Set(handlers.map((h) => h.jobName));
  return JOB_NAMES.filter((n) => !covered.has(n));
}
