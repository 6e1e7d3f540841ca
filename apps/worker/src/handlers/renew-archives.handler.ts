import { Inject, Injectable, Logger } from '@nestjs/common';
import { SYSTEM_CLOCK } from '@justera/application';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { type ArchiveRenewer, type JusteringStore, RenewArchives, type SigningLog } from '@justera/justering';
import { KeysService } from '@justera/keys';
import { archiveStatus, renewArchive } from '@justera/pades';
import { JUSTERING_STORE } from '@justera/persistence';
import { JobHandler, JobOutcome } from '@justera/queue';

/** The PAdES-LTA mechanics of RenewArchives: libs/pades with the installation's CA and time-stamping unit (or TSA_URL). */
export class PadesArchiveRenewer implements ArchiveRenewer {
  constructor(private readonly keys: KeysService) {}
  state(pdf: Uint8Array, now: Date, marginMs: number) {
    const s = archiveStatus(Buffer.from(pdf), now, marginMs);
    return { hasDocumentTimestamp: !!s.last, protectedUntil: s.protectedUntil ?? null, renewalDue: s.renewalDue };
  }
  async renew(pdf: Uint8Array, now: Date) {
    const r = await renewArchive(Buffer.from(pdf), { ca: this.keys.ca(), tsa: this.keys.timestamping(now), now });
    return {
      pdf: r.pdf,
      protectedUntilBefore: r.before.protectedUntil ?? null,
      protectedUntilAfter: r.after.protectedUntil ?? null,
      tsa: { ...r.tsa },
    };
  }
}

const logger = new Logger('RenewArchives');
const log: SigningLog = {
  log: (detail, message) => logger.log(detail, message),
  warn: (detail, message) => logger.warn(detail, message),
  error: (detail, message) => logger.error(detail, message),
};

/** RenewArchives over the given store, the installation's keys and ARCHIVE_RENEWAL_DAYS / _BATCH. */
export function renewArchivesUseCase(store: JusteringStore, keys: KeysService, config: Pick<AppConfig, 'archiveRenewal'>): RenewArchives {
  return new RenewArchives(store, new PadesArchiveRenewer(keys), SYSTEM_CLOCK, config.archiveRenewal, log);
}

/**
 * Job `maintenance.renew-archives` (daily): the use case RenewArchives (libs/justering; docs/signatures.md,
 * "Archive renewal"). The job does not fail for a document that could not be renewed: that is recorded
 * on the document and retried on the next run.
 */
@Injectable()
export class RenewArchivesHandler implements JobHandler<'maintenance.renew-archives'> {
  readonly jobName = 'maintenance.renew-archives' as const;
  private readonly renewArchives: RenewArchives;

  constructor(@Inject(JUSTERING_STORE) store: JusteringStore, keys: KeysService, @Inject(APP_CONFIG) config: AppConfig) {
    this.renewArchives = renewArchivesUseCase(store, keys, config);
  }

  async handle(): Promise<JobOutcome> {
    const r = await this.renewArchives.execute();
    return { status: r.counts.renewed ? 'done' : 'skipped', detail: r.detail };
  }
}
