/**
 * Request rate limits shared by every api process through Redis (@nestjs/throttler with
 * @nest-lab/throttler-storage-redis): one general limit per client address over the whole api and
 * pages (RATE_LIMIT_PER_MINUTE), plus a per-route limit on the public validation routes
 * (VALIDATE_PER_MINUTE). The login has its own brute-force limit (libs/auth throttle.ts). See
 * docs/security.md, "Rate limits".
 */
import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModuleOptions, ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import type { Request } from 'express';
import { normaliseIp } from '@justera/auth';
import type { AppConfig } from '@justera/config';
import { redisOptions } from '@justera/queue';
import { DomainError } from '@justera/application';

/** The public validation routes (JSON, sealed report, the /validera form); POSTs count. */
export const VALIDATION_ROUTE = /^\/(api\/validate(\/report\.pdf)?|validera(\/rapport\.pdf)?)\/?$/i;

/**
 * Counts in Redis; while Redis is unreachable, counts in this process's memory instead (and says so
 * once a minute) rather than failing every request: the same availability choice as the login
 * throttle, and still a per-process limit. While the connection is still being made at start-up
 * (`starting`), the fallback is silent: the quick start's first requests came before the connection
 * and printed a warning about an outage that was not one.
 */
export class FailOpenThrottlerStorage implements ThrottlerStorage {
  private readonly local = new ThrottlerStorageService();
  private warnedAt = 0;
  constructor(
    private readonly shared: ThrottlerStorage,
    private readonly warn: (message: string) => void,
    private readonly starting: () => boolean = () => false,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string): Promise<ThrottlerStorageRecord> {
    try {
      return await this.shared.increment(key, ttl, limit, blockDuration, name);
    } catch (err) {
      if (!this.starting() && Date.now() - this.warnedAt > 60_000) {
        this.warnedAt = Date.now();
        this.warn(`rate limits counted per process: Redis unavailable (${err instanceof Error ? err.message : String(err)})`);
      }
      return this.local.increment(key, ttl, limit, blockDuration, name);
    }
  }
}

export function throttlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const logger = new Logger('RateLimit');
  const redis = new Redis(redisOptions(config.redis.url!, { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 2_000 }));
  redis.on('error', () => undefined); // reported through the fallback's warning
  // Up to the first connection (or 10 s, when Redis is truly away at start) a fallback is not an outage.
  let ready = false;
  redis.once('ready', () => (ready = true));
  const since = Date.now();
  const starting = () => !ready && Date.now() - since < 10_000;
  const isValidation = (ctx: ExecutionContext) => {
    const req = ctx.switchToHttp().getRequest<Request>();
    return req.method === 'POST' && VALIDATION_ROUTE.test(req.path);
  };
  return {
    storage: new FailOpenThrottlerStorage(new ThrottlerStorageRedisService(redis), (m) => logger.warn(m), starting),
    // One key per limit and client address (IPv6 per /64), not per route handler: the general limit
    // is one budget over the whole api, whichever routes a client spreads its requests over.
    getTracker: (req) => normaliseIp(String((req as Request).ip ?? '')),
    generateKey: (_ctx, tracker, name) => `${config.redis.prefix}:throttle:${name}:${tracker}`,
    throttlers: [
      { name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute },
      { name: 'validate', ttl: 60_000, limit: config.validatePerMinute, skipIf: (ctx) => !isValidation(ctx) },
    ],
  };
}

/** The throttler's 429 as our error (Swedish message, code, Retry-After in seconds). */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new DomainError('too_many_requests', undefined, { retryAfterSeconds: Math.max(1, Math.ceil(detail.timeToBlockExpire)) });
  }
}
