/**
 * The API process: JSON API under /api, server-rendered pages, GET /health, OpenAPI at /api/docs.
 * The BullMQ processors run in the worker process (apps/worker), never here.
 */
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@justera/config';
import { runProcess } from '@justera/queue';
import { AppModule } from './app.module';
import { providerOrigins, securityHeaders } from './common/csp';
import { checkJsonShape, sameOriginForms } from './common/request-guards';
import { admission } from './isolation/admission';
import { webDir, WORKSPACE_PATH } from './workspace/workspace.controller';
import { join } from 'node:path';

export async function bootstrap(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // Strict CSP (no script at all) everywhere but the Swagger UI page: see common/csp.ts.
  app.use(
    securityHeaders({
      https: config.publicUrl.startsWith('https:'),
      formActionOrigins: providerOrigins([config.staffSso?.issuer, config.oidc?.issuer]),
    }),
  );
  app.use(sameOriginForms(config.publicUrl));
  // The public validation routes admit a bounded number of uploads before reading them (429 per
  // client, 503 per process, both with Retry-After); the parse itself runs in the PDF pool.
  const p = config.pdfParsing;
  const admissionLog = new NestLogger('Admission');
  app.use(
    ['/api/validate', '/validera'],
    admission({ perIp: p.perIp, total: p.workers + p.queue, retryAfterSeconds: 5 }, (m) => admissionLog.warn(m)),
  );
  app.use(cookieParser());
  // The workspace's hashed, immutable assets (apps/web built by Vite); index.html is WorkspaceController's.
  const web = webDir();
  if (web)
    app.useStaticAssets(join(web, 'assets'), {
      prefix: `${WORKSPACE_PATH}/assets/`,
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: true,
    });
  // The nesting depth and value count are checked on the raw bytes before JSON.parse (and the
  // validation pipe) recurse into them: 100k levels would otherwise end as a 500 (RangeError).
  app.useBodyParser('json', { limit: '5mb', verify: (_req: unknown, _res: unknown, buf: Buffer) => checkJsonShape(buf) });
  app.useBodyParser('urlencoded', { extended: false, limit: '1mb' });
  app.useBodyParser('raw', { type: 'application/pdf', limit: config.maxUploadBytes });

  const openapi = new DocumentBuilder()
    .setTitle('Justera API')
    .setDescription('Justering, signering och anslag av protokoll. Authenticate with an API key: Authorization: Bearer jst_…')
    .setVersion(config.version)
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openapi), { jsonDocumentUrl: 'api/docs/openapi.json' });

  await app.listen(config.port, config.host);
  return app;
}

if (require.main === module) {
  void runProcess('api', async (config) => {
    const app = await bootstrap(config);
    const logger = app.get(Logger);
    logger.log(`Justera API listening on ${await app.getUrl()} (public URL ${config.publicUrl})`);
    return { log: (m) => logger.log(m), close: () => app.close() };
  });
}
