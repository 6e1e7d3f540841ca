import { Controller, Get, Inject, OnModuleDestroy, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { redisOptions } from '@justera/queue';
import { Public } from '../auth/auth-context';

type PartStatus = { status: 'up' } | { status: 'down'; error: string };

async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** GET /health: 200 when the database and Redis answer, 503 naming the part that does not. */
@ApiTags('health')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = new Redis(redisOptions(config.redis.url!, { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 2000 }));
    this.redis.on('error', () => undefined);
  }

  onModuleDestroy() {
    this.redis.disconnect();
  }

  private async check(fn: () => Promise<unknown>): Promise<PartStatus> {
    try {
      await within(2000, fn());
      return { status: 'up' };
    } catch (err) {
      return { status: 'down', error: err instanceof Error ? err.message : String(err) };
    }
  }

  @Get()
  @Public()
  async health(@Res() res: Response) {
    const [database, redis] = await Promise.all([this.check(() => this.dataSource.query('SELECT 1')), this.check(() => this.redis.ping())]);
    const down = Object.entries({ database, redis }).filter(([, s]) => s.status === 'down').map(([k]) => k);
    res.status(down.length ? 503 : 200).json({ status: down.length ? 'down' : 'up', failed: down, database, redis });
  }
}
