import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { MulterModule } from '@nestjs/platform-express';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig, AppConfigModule } from '@justera/config';
import { PersistenceModule } from '@justera/persistence';
import { QueueModule } from '@justera/queue';
import { AdminController } from './admin/admin.controller';
import { ADMIN_API_PROVIDERS, ADMIN_PAGE_CONTROLLERS } from './admin/providers';
import { AdminOrganisationPagesController } from './admin/admin-organisation-pages.controller';
import { AdminLoginPagesController } from './admin/admin-login-pages.controller';
import { ANSLAG_API_PROVIDERS, ANSLAG_CONTROLLERS } from './anslag';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { StaffSsoService } from './auth/staff-sso.service';
import { LoginAuditService } from './auth/login-audit.service';
import { StaffSsoController } from './pages/staff-sso.controller';
import { AllExceptionsFilter } from './common/errors';
import { validationPipe } from './common/validation';
import { RateLimitGuard, throttlerOptions } from './common/throttling';
import { HealthController } from './health/health.controller';
import { WorkspaceController } from './workspace/workspace.controller';
import { PagesController } from './pages/pages.controller';
import { ProtocolsController } from './protocols/protocols.controller';
import { ProtocolsService } from './protocols/protocols.service';
import { PROTOCOL_API_PROVIDERS } from './protocols/providers';
import { DevOutboxController } from './pages/dev-outbox.controller';
import { JusteringController } from './justering/justering.controller';
import { JusteringDashboardController } from './justering/dashboard.controller';
import { LiveStatusService } from './justering/live-status';
import { DashboardPages } from './justering/dashboard-pages';
import { JUSTERING_API_PROVIDERS } from './justering';
import { SigningController } from './justering/signing.controller';
import { PkiController } from './pki/pki.controller';
import { ValidationController } from './validation/validation.controller';
import { ValidationService } from './validation/validation.service';
import { EvidenceController } from './evidence/evidence.controller';
import { AssetsController, FaviconController } from './views/assets.controller';
import { EVIDENCE_API_PROVIDERS } from './evidence';
import { DocumentsController } from './documents/documents.controller';
import { SealedDocumentService } from './common/sealed-document.service';
import { PdfPoolService } from './isolation/pdf-pool.service';
import { KeysModule } from '@justera/keys';

/** Structured JSON logs with a request id (taken from X-Request-Id when sane, else new). */
export function loggerModule(config: AppConfig) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id); // so a user can quote it and we can find the log lines
        return id;
      },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]'],
      // Signing links and account invitations carry their token in the path: never log it.
      // A request line costs little: id, method and path of the request, the status of the response
      // (no header objects to copy and redact), and no line at all for the health probe.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          id: req.id,
          method: req.method,
          // The link's token, and the e-legitimation callback's code and state, stay out of the log.
          url: req.url.replace(/\/(sign|inbjudan)\/[^/?#]+/, '/$1/…').replace(/^(\/sign\/[^?#]*)[?#].*$/, '$1?…'),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
    },
  });
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        loggerModule(config),
        PersistenceModule,
        KeysModule,
        QueueModule.forRoot({ relay: false }),
        ThrottlerModule.forRoot(throttlerOptions(config)),
        MulterModule.register({ limits: { fileSize: config.maxUploadBytes, files: 1, fields: 20, fieldSize: 64 * 1024 } }),
      ],
      controllers: [
        HealthController,
        AssetsController,
        FaviconController,
        PagesController,
        StaffSsoController,
        WorkspaceController,
        AdminController,
        ...ADMIN_PAGE_CONTROLLERS,
        AdminOrganisationPagesController,
        AdminLoginPagesController,
        ProtocolsController,
        PkiController,
        ValidationController,
        EvidenceController,
        DocumentsController,
        JusteringController,
        JusteringDashboardController,
        SigningController,
        ...ANSLAG_CONTROLLERS,
        ...(config.devOutbox ? [DevOutboxController] : []),
      ],
      providers: [
        ...ANSLAG_API_PROVIDERS,
        ...JUSTERING_API_PROVIDERS,
        AuthService,
        StaffSsoService,
        LoginAuditService,
        ...ADMIN_API_PROVIDERS,
        ProtocolsService,
        ...PROTOCOL_API_PROVIDERS,
        LiveStatusService,
        DashboardPages,
        // Each approval appends the signer's PAdES signature (libs/pades) to the version's PDF.
        ValidationService,
        ...EVIDENCE_API_PROVIDERS,
        SealedDocumentService,
        PdfPoolService,
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        {
          provide: APP_PIPE,
          useValue: validationPipe(),
        },
      ],
    };
  }
}
