import { BullModule } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConnectionOptions, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { QUEUES, QueueName } from './catalogue';
import { OutboxRelay } from './outbox-relay';
import { QuietLog } from './quiet-log';
import { redisOptionsFor } from './redis';

/** Every queue of the catalogue, by name. */
export const QUEUE_MAP = Symbol('QUEUE_MAP');

/** Relays the outbox to BullMQ every `intervalMs` while the process runs (the worker runs it). */
@Injectable()
export class OutboxRelayLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayLoop.name);
  private readonly quiet = new QuietLog((m) => this.logger.warn(m));
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;
  readonly relay: OutboxRelay;

  constructor(dataSource: DataSource, @Inject(QUEUE_MAP) queues: Record<QueueName, Queue>) {
    this.relay = new OutboxRelay(dataSource, queues);
  }

  onApplicationBootstrap() {
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.relay.relayOnce().catch((err: unknown) => this.quiet.log(QuietLog.keyOf(err), `outbox relay failed: ${String(err)}`));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, 250);
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Before the database and Redis connections close. */
  async beforeApplicationShutdown() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

/** The queues the process adds jobs to: producer connections that fail fast (the outbox keeps the work). */
@Injectable()
export class ProducerQueues implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly quiet = new QuietLog((m) => this.logger.warn(m));
  readonly byName: Record<QueueName, Queue>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const connection = redisOptionsFor(config.redis.url!, 'producer') as ConnectionOptions;
    this.byName = Object.fromEntries(
      QUEUES.map((name) => {
        const queue = new Queue(name, { connection, prefix: config.redis.prefix });
        queue.on('error', (err) => this.quiet.log(`producer:${QuietLog.keyOf(err)}`, `queue ${name} (producer): ${err.message}`));
        return [name, queue];
      }),
    ) as Record<QueueName, Queue>;
  }

  async onApplicationShutdown() {
    await Promise.allSettled(Object.values(this.byName).map((q) => q.close()));
  }
}

@Global()
@Module({})
export class QueueModule {
  /**
   * The queues of the catalogue on the configured Redis. `workers`: register them with BullMQ for the
   * worker's processors (worker connections: block and reconnect); every process gets producer queues
   * (QUEUE_MAP, fail-fast connections of their own, never shared with a worker). `relay`: run the
   * outbox relay here.
   */
  static forRoot(options: { relay: boolean; workers?: boolean }): DynamicModule {
    const workerConnection = (c: AppConfig) => ({
      connection: redisOptionsFor(c.redis.url!, 'worker') as ConnectionOptions,
      prefix: c.redis.prefix,
    });
    return {
      module: QueueModule,
      global: true,
      imports: options.workers
        ? [
            BullModule.forRootAsync({ inject: [APP_CONFIG], useFactory: workerConnection }),
            ...QUEUES.map((name) => BullModule.registerQueueAsync({ name, inject: [APP_CONFIG], useFactory: workerConnection })),
          ]
        : [],
      providers: [
        ProducerQueues,
        { provide: QUEUE_MAP, inject: [ProducerQueues], useFactory: (p: ProducerQueues) => p.byName },
        ...(options.relay ? [OutboxRelayLoop] : []),
      ],
      exports: [...(options.workers ? [BullModule] : []), QUEUE_MAP],
    };
  }
}
