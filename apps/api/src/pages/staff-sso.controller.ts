import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { sessionCookie } from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { Public } from '../auth/auth-context';
import { StaffSsoFailure, StaffSsoService } from '../auth/staff-sso.service';
import { renderErrorPage } from '../views';
import { safeNext } from './pages.controller';

/** The browser's id of its pending single sign-on (the values themselves stay in Redis). */
const PENDING_COOKIE = 'justera_sso';
const PENDING_PATH = '/login/sso';

/** Staff single sign-on pages: start at the organisation's provider, come back (docs/identity.md). */
@ApiExcludeController()
@Controller('login/sso')
export class StaffSsoController {
  constructor(
    private readonly sso: StaffSsoService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private fail(req: Request, res: Response, err: unknown) {
    if (!(err instanceof StaffSsoFailure)) throw err;
    if (err.retryAfterSeconds) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    res
      .status(err.status)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(
        renderErrorPage({
          status: err.status,
          title: 'Inloggningen misslyckades',
          message: err.textSv,
          requestId: String((req as { id?: unknown }).id ?? ''),
          loginLink: true,
        }),
      );
  }

  @Get()
  @Public()
  async start(@Query('next') next: string | undefined, @Req() req: Request, @Res() res: Response) {
    try {
      const { redirectUrl, pendingId } = await this.sso.start(safeNext(next));
      res.cookie(PENDING_COOKIE, pendingId, {
        httpOnly: true,
        // Lax: the provider's redirect back is a top-level GET from another site.
        sameSite: 'lax',
        secure: this.config.secureCookies,
        path: PENDING_PATH,
        maxAge: 10 * 60_000,
      });
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, redirectUrl);
    } catch (err) {
      this.fail(req, res, err);
    }
  }

  @Get('tillbaka')
  @Public()
  async callback(@Req() req: Request, @Res() res: Response) {
    const pendingId = (req.cookies as Record<string, string> | undefined)?.[PENDING_COOKIE];
    res.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
    try {
      const url = new URL(req.originalUrl, this.config.publicUrl);
      const result = await this.sso.finish(url, pendingId, req.ip ?? '', req.headers['user-agent']);
      const cookie = sessionCookie({ production: this.config.secureCookies });
      res.cookie(cookie.name, result.token, { ...cookie.options, maxAge: result.expiresAt.getTime() - Date.now() });
      res.redirect(303, result.next);
    } catch (err) {
      this.fail(req, res, err);
    }
  }
}
