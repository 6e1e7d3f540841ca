import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { ConnectionOptions, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { QUEUES, QueueName } from './catalogue';
import { OutboxRelay } from './outbox-relay';
import { redisOptions } from './redis';

/** Every queue of the catalogue, by name. */
export const QUEUE_MAP = Symbol('QUEUE_MAP');

/** Relays the outbox to BullMQ every `intervalMs` while the process runs (the worker runs it). */
@Injectable()
export class OutboxRelayLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayLoop.name);
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
      this.running = this.relay.relayOnce().catch((err: unknown) => this.logger.warn(`outbox relay failed: ${String(err)}`));
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

@Global()
@Module({})
export class QueueModule {
  /** BullMQ on the configured Redis with every queue of the catalogue. `relay`: run the outbox relay here. */
  static forRoot(options: { relay: boolean }): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => ({
            // Producers fail fast while Redis is away (the outbox keeps the work); workers wait for it.
            connection: redisOptions(c.redis.url!, { maxRetriesPerRequest: null }) as ConnectionOptions,
            prefix: c.redis.prefix,
          }),
        }),
        ...QUEUES.map((name) =>
          BullModule.registerQueueAsync({
            name,
            inject: [APP_CONFIG],
            useFactory: (c: AppConfig) => ({
              connection: redisOptions(c.redis.url!, { enableOfflineQueue: false, maxRetriesPerRequest: null }) as ConnectionOptions,
              prefix: c.redis.prefix,
            }),
          }),
        ),
      ],
      providers: [
        {
          provide: QUEUE_MAP,
          inject: QUEUES.map((q) => getQueueToken(q)),
          useFactory: (...queues: Queue[]) => Object.fromEntries(QUEUES.map((q, i) => [q, queues[i]])) as Record<QueueName, Queue>,
        },
        ...(options.relay ? [OutboxRelayLoop] : []),
      ],
      exports: [BullModule, QUEUE_MAP],
    };
  }
}
