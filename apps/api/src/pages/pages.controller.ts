import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { sessionCookie } from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { ProtocolsRepository } from '@justera/persistence';
import { authorize, visibleOrganIds } from '@justera/auth';
import { pageUser } from '../auth/page-user';
import { Auth, AuthContext, OptionalAuth, Public } from '../auth/auth-context';
import { AuthService } from '../auth/auth.service';
import { StaffSsoService } from '../auth/staff-sso.service';
import { DomainError } from '@justera/application';
import { httpStatusOf } from '../common/errors';
import { renderHomePage, renderLoginPage } from '../views';
import { ProtocolDocumentsList } from '@justera/justering';

export function safeNext(next: unknown): string {
  // Only same-site relative paths: never an open redirect.
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}

/** Login, logout and the secretary's start page (server-rendered, no JavaScript needed). */
@ApiExcludeController()
@Controller()
export class PagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly protocols: ProtocolsRepository,
    private readonly documents: ProtocolDocumentsList,
    private readonly sso: StaffSsoService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The login page's choices: the SSO button when configured, the password form unless no organisation allows it. */
  private async loginChoices() {
    const sso = this.sso.enabled ? { label: this.sso.label } : undefined;
    const passwordForm = !sso || (await this.auth.anyPasswordLogin());
    return { sso, passwordForm };
  }

  @Get('login')
  @Public()
  async login(
    @Query('next') next: string | undefined,
    @Query('valkommen') welcome: unknown,
    @OptionalAuth() auth: AuthContext | undefined,
    @Res() res: Response,
  ) {
    if (auth?.via === 'session') return res.redirect(303, safeNext(next));
    const notice = welcome === '1' ? 'Lösenordet är sparat. Logga in med din e-postadress och ditt nya lösenord.' : undefined;
    res.type('html').send(renderLoginPage({ next: safeNext(next), notice, ...(await this.loginChoices()) }));
  }

  @Post('login')
  @Public()
  async doLogin(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const next = safeNext(body.next);
    const email = typeof body.email === 'string' ? body.email : '';
    try {
      const result = await this.auth.login(
        email,
        typeof body.password === 'string' ? body.password : '',
        req.ip ?? '',
        req.headers['user-agent'],
      );
      const cookie = sessionCookie({ production: this.config.secureCookies });
      res.cookie(cookie.name, result.token, { ...cookie.options, maxAge: result.expiresAt.getTime() - Date.now() });
      res.redirect(303, next);
    } catch (err) {
      if (
        err instanceof DomainError &&
        (err.code === 'invalid_credentials' || err.code === 'too_many_attempts' || err.code === 'forbidden')
      ) {
        const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
        if (err.code === 'too_many_attempts' && typeof retryAfter === 'number' && retryAfter > 0)
          res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
        res
          .status(httpStatusOf(err))
          .type('html')
          .send(renderLoginPage({ next, error: err.message, email, ...(await this.loginChoices()) }));
        return;
      }
      throw err;
    }
  }

  @Post('logout')
  @HttpCode(303)
  async logout(@Auth() auth: AuthContext, @Res() res: Response) {
    const method = auth.sessionId ? await this.auth.logout(auth.sessionId) : null;
    const cookie = sessionCookie({ production: this.config.secureCookies });
    res.clearCookie(cookie.name, { path: '/' });
    // A single sign-on session also ends at the provider when it offers RP-initiated logout.
    const endSession = method === 'sso' ? await this.sso.endSessionUrl() : null;
    res.redirect(303, endSession ?? '/login');
  }

  @Get()
  @Public()
  async home(@OptionalAuth() auth: AuthContext | undefined, @Res() res: Response) {
    if (!auth) return res.redirect(303, '/login?next=/');
    const visible = visibleOrganIds(auth.principal, 'protocol.read');
    const { items } = await this.protocols.list({
      organisationId: auth.principal.organisationId,
      organIds: visible === 'all' ? undefined : visible,
      limit: 100,
      offset: 0,
    });
    // A justerat protocol offers its justerat PDF (with its SHA-256), not the unsigned rendering; the
    // documents of all of them are read at once.
    const documents = await this.documents.execute({ caller: auth, protocolIds: items.filter((p) => p.status === 'justerat').map((p) => p.id) });
    const justerat = new Map([...documents].map(([id, docs]) => [id, docs.find((d) => d.kind === 'justerat' && !d.paragraphs) ?? null]));
    res.type('html').send(
      renderHomePage({
        user: pageUser(auth),
        protocols: items.map((p) => ({
          justerat: ((d) => (d ? { href: d.url, sha256: d.sha256, size: d.size } : null))(justerat.get(p.id)),
          id: p.id,
          meetingDate: p.meetingDate,
          title: p.title,
          statusSv: STATUS_SV[p.status] ?? p.status,
          draft: p.status === 'draft',
          evidence:
            p.status !== 'draft' &&
            authorize(auth.principal, 'evidence.read', { organisationId: p.organisationId, organId: p.organId }).allowed,
        })),
      }),
    );
  }
}

const STATUS_SV: Record<string, string> = { draft: 'Utkast', justering: 'Under justering', justerat: 'Justerat', cancelled: 'Avbrutet' };
