import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CSRF_FORM_FIELD, CSRF_HEADER, requiresCsrf, sessionCookie, verifyCsrf } from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { DomainError } from '@justera/application';
import { AuthedRequest, IS_PUBLIC } from './auth-context';
import { AuthService } from './auth.service';

/**
 * Global guard: every route is closed unless marked @Public(). A caller proves itself with the session
 * cookie (pages; unsafe methods also need the CSRF token) or an API key (integrations).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);

    const header = req.headers.authorization;
    const apiKey = header?.startsWith('Bearer ') ? header.slice(7).trim() : (req.headers['x-api-key'] as string | undefined);
    if (apiKey) {
      req.auth = (await this.auth.fromApiKey(apiKey)) ?? undefined;
      if (!req.auth && !isPublic) throw new DomainError('unauthenticated', 'Ogiltig API-nyckel.');
    } else {
      const cookieName = sessionCookie({ production: this.config.secureCookies }).name;
      const token = (req.cookies as Record<string, string> | undefined)?.[cookieName];
      req.auth = (await this.auth.fromSession(token)) ?? undefined;
      if (req.auth && requiresCsrf(req.method) && !isPublic) {
        const presented =
          (req.headers[CSRF_HEADER] as string | undefined) ?? (req.body as Record<string, unknown> | undefined)?.[CSRF_FORM_FIELD];
        if (!verifyCsrf(req.auth.sessionId, presented, this.config.secret)) {
          throw new DomainError('csrf', 'Formuläret har gått ut eller kom från en annan webbplats. Ladda om sidan och försök igen.');
        }
      }
    }
    if (isPublic) return true;
    if (!req.auth) throw new DomainError('unauthenticated', 'Inloggning krävs.');
    return true;
  }
}
