/**
 * The worker process: runs the BullMQ processors and the outbox relay; no HTTP server. Scale by
 * starting more of them against the same PostgreSQL and Redis.
 */
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@justera/config';
import { runProcess } from '@justera/queue';
import { MissingHandlerError, WorkerModule } from './worker.module';

export async function startWorker(config: AppConfig) {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  return app;
}

if (require.main === module) {
  void runProcess(
    'worker',
    async (config) => {
      const app = await startWorker(config);
      const logger = app.get(Logger);
      logger.log('Justera worker started');
      return { log: (m) => logger.log(m), close: () => app.close() };
    },
    [MissingHandlerError],
  );
}
