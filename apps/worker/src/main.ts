/**
 * The worker process: runs the BullMQ processors and the outbox relay; no HTTP server. Scale by
 * starting more of them against the same PostgreSQL and Redis.
 */
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigError, loadConfig } from '@justera/config';
import { EmbeddedRedis, RedisNotInstalledError, startEmbeddedRedis } from '@justera/queue';
import { MissingHandlerError, WorkerModule } from './worker.module';

export async function startWorker(config: AppConfig) {
  let embedded: EmbeddedRedis | undefined;
  if (!config.redis.url) {
    embedded = await startEmbeddedRedis(config.dataDir, config.redis.embeddedPort);
    config.redis.url = embedded.url;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  return {
    app,
    close: async () => {
      await app.close();
      if (embedded?.owned) await embedded.stop();
    },
  };
}

async function main() {
  try {
    const config = loadConfig();
    const { app, close } = await startWorker(config);
    app.get(Logger).log('Justera worker started');
    let closing = false;
    const stop = (signal: string) => {
      if (closing) return;
      closing = true;
      app.get(Logger).log(`${signal}: finishing running jobs and shutting down`);
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  } catch (err) {
    if (err instanceof ConfigError || err instanceof RedisNotInstalledError || err instanceof MissingHandlerError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(err instanceof ConfigError ? 78 : 70);
    }
    throw err;
  }
}

if (require.main === module) void main();
