import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { ServiceBusyError } from '../common/errors';
import { ChildOutcome, ChildPool, PoolFullError } from './child-pool';
import type { PdfJob } from './pdf-jobs';

/**
 * The api's one door to PDF parsing of untrusted files: validation and protocol uploads. Jobs run in
 * the bounded child-process pool (child-pool.ts) under AppConfig.pdfParsing; a full queue is a 503
 * with Retry-After, decided before any parsing.
 */
@Injectable()
export class PdfPoolService implements OnModuleDestroy {
  private readonly logger = new Logger(PdfPoolService.name);
  readonly pool: ChildPool;

  constructor(@Inject(APP_CONFIG) readonly config: AppConfig) {
    const p = config.pdfParsing;
    this.pool = new ChildPool({ script: join(__dirname, 'pdf.child.js'), size: p.workers, queue: p.queue, heapMb: p.heapMb, rssMb: p.rssMb, timeoutMs: p.timeoutMs });
  }

  /** The child's own time budget: the pool's deadline minus a margin for starting and answering. */
  get jobTimeLimitMs(): number {
    return Math.max(500, this.config.pdfParsing.timeoutMs - 3_000);
  }

  async run<T>(job: PdfJob): Promise<ChildOutcome<T>> {
    try {
      const outcome = await this.pool.run<T>(job);
      if (!outcome.ok) this.logger.warn(`PDF ${job.kind} of ${job.bytes.length} bytes stopped: ${outcome.reason} (${outcome.detail})`);
      return outcome;
    } catch (err) {
      if (err instanceof PoolFullError) {
        this.logger.warn(`PDF ${job.kind} refused: ${this.pool.load.running} running, ${this.pool.load.waiting} waiting`);
        throw new ServiceBusyError('Servern granskar många filer just nu. Försök igen om en stund.', err.retryAfterSeconds);
      }
      throw err;
    }
  }

  onModuleDestroy(): void {
    this.pool.close();
  }
}
