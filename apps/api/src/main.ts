/**
 * The API process: JSON API under /api, server-rendered pages, GET /health, OpenAPI at /api/docs.
 * The BullMQ processors run in the worker process (apps/worker), never here.
 */
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigError, loadConfig } from '@justera/config';
import { EmbeddedRedis, RedisNotInstalledError, startEmbeddedRedis } from '@justera/queue';
import { AppModule } from './app.module';

export async function bootstrap(config: AppConfig): Promise<{ app: NestExpressApplication; close: () => Promise<void> }> {
  let embedded: EmbeddedRedis | undefined;
  if (!config.redis.url) {
    embedded = await startEmbeddedRedis(config.dataDir, config.redis.embeddedPort);
    config.redis.url = embedded.url;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', process.env.TRUST_PROXY ? Number(process.env.TRUST_PROXY) || process.env.TRUST_PROXY : false);
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // Inline <style> in our pages; Swagger UI needs inline scripts only under /api/docs.
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          frameSrc: ["'self'"],
          objectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'self'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(cookieParser());
  app.useBodyParser('json', { limit: '5mb' });
  app.useBodyParser('urlencoded', { extended: false, limit: '1mb' });
  app.useBodyParser('raw', { type: 'application/pdf', limit: config.maxUploadBytes });
  app.enableShutdownHooks();

  const openapi = new DocumentBuilder()
    .setTitle('Justera API')
    .setDescription('Justering, signering och anslag av protokoll. Authenticate with an API key: Authorization: Bearer jst_…')
    .setVersion(process.env.npm_package_version ?? '0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openapi), { jsonDocumentUrl: 'api/docs/openapi.json' });

  await app.listen(config.port, config.host);
  return {
    app,
    close: async () => {
      await app.close();
      if (embedded?.owned) await embedded.stop();
    },
  };
}

async function main() {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  try {
    const { app, close } = await bootstrap(config);
    const url = await app.getUrl();
    app.get(Logger).log(`Justera API listening on ${url} (public URL ${config.publicUrl})`);
    let closing = false;
    const stop = (signal: string) => {
      if (closing) return;
      closing = true;
      app.get(Logger).log(`${signal}: shutting down`);
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  } catch (err) {
    if (err instanceof RedisNotInstalledError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(69);
    }
    throw err;
  }
}

if (require.main === module) void main();
