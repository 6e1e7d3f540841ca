import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@justera/application';
import { Auth, AuthContext } from '../auth/auth-context';
import { pageUser } from '../auth/page-user';
import { StaffSsoService } from '../auth/staff-sso.service';
import { renderAdminLoginPage } from '../views';
import { AdminSettingsService } from './admin-settings.service';
import { OrgansService } from './organs.service';
import { UsersService } from './users.service';

const DONE_SV: Record<string, string> = {
  'losenord-pa': 'Inloggning med lösenord är påslagen.',
  'losenord-av': 'Inloggning med lösenord är avstängd. Personalen loggar in med organisationens inloggning.',
};

const REFUSAL_SV: Record<string, string> = {
  wrong_password: 'fel lösenord',
  disabled: 'kontot är inaktiverat',
  password_login_off: 'inloggning med lösenord är avstängd',
  email_not_verified: 'e-postadressen är inte bekräftad hos organisationens inloggning',
  missing_claim: 'organisationens inloggning gav ingen e-postadress',
  unknown_account: 'okänt konto',
};

const METHOD_SV: Record<string, string> = { password: 'med lösenord', sso: 'med organisationens inloggning' };

/** What a `login.*` event of the admin audit trail says, in Swedish. */
export function loginTextSv(action: string, detailJson: string): string {
  let detail: { method?: string; reason?: string } = {};
  try {
    detail = JSON.parse(detailJson) as typeof detail;
  } catch {
    // an unreadable detail: the action alone
  }
  const how = METHOD_SV[detail.method ?? ''] ?? '';
  if (action === 'login.refused')
    return `${['Nekad inloggning', how].filter(Boolean).join(' ')}: ${REFUSAL_SV[detail.reason ?? ''] ?? 'okänt skäl'}`;
  return `Loggade in ${METHOD_SV[action.slice('login.'.length)] ?? ''}`.trim();
}

/**
 * The admin pages of staff sign-in (docs/identity.md): how staff log in (/admin/inloggning: password login
 * on or off, only with single sign-on configured; the newest logins) and an organ's identity level
 * (a form of its own on /admin/organ/:id). Every route asks the policy (organisation.admin).
 */
@ApiExcludeController()
@Controller('admin')
export class AdminLoginPagesController {
  constructor(
    private readonly settings: AdminSettingsService,
    private readonly organs: OrgansService,
    private readonly users: UsersService,
    private readonly sso: StaffSsoService,
  ) {}

  private async loginPage(auth: AuthContext, res: Response, status: number, extra: { done?: string; error?: string } = {}) {
    const [settings, events, users] = await Promise.all([
      this.settings.loginSettings(auth),
      this.settings.loginTrail(auth, 30),
      this.users.listUsers(auth),
    ]);
    const userName = new Map(users.map((u) => [u.id, `${u.name} (${u.email})`]));
    res
      .status(status)
      .type('html')
      .send(
        renderAdminLoginPage({
          user: pageUser(auth),
          passwordLogin: settings.passwordLogin,
          singleSignOn: settings.singleSignOn,
          provider: settings.singleSignOn ? this.sso.label : null,
          logins: events.map((e) => ({
            at: e.at,
            who: userName.get(e.targetId) ?? 'okänd användare',
            text: loginTextSv(e.action, e.detail),
            ip: e.ip,
          })),
          ...extra,
        }),
      );
  }

  @Get('inloggning')
  async login(@Auth() auth: AuthContext, @Query('klart') done: unknown, @Res() res: Response) {
    const text = typeof done === 'string' && Object.prototype.hasOwnProperty.call(DONE_SV, done) ? DONE_SV[done] : undefined;
    await this.loginPage(auth, res, 200, { done: text });
  }

  @Post('inloggning')
  async setLogin(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const value = body.passwordLogin;
    if (value !== 'on' && value !== 'off')
      return this.loginPage(auth, res, 400, { error: 'Välj om inloggning med lösenord ska vara påslagen eller avstängd.' });
    try {
      await this.settings.setLoginSettings(auth, value === 'on', { ip: req.ip ?? null });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'conflict') return this.loginPage(auth, res, 409, { error: err.message });
      throw err;
    }
    res.redirect(303, `/admin/inloggning?klart=${value === 'on' ? 'losenord-pa' : 'losenord-av'}`);
  }

  /** The organ page's identity level form (e-postlänk / e-legitimation). */
  @Post('organ/:id/identitet')
  async setIdentityLevel(
    @Auth() auth: AuthContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const level = body.identityLevel;
    if (level !== 'e-postlank' && level !== 'e-legitimation')
      throw new DomainError('invalid_request', 'Välj e-postlänk eller e-legitimation.');
    await this.organs.updateOrgan(auth, id, { identityLevel: level }, { ip: req.ip ?? null });
    res.redirect(303, `/admin/organ/${id}?klart=identitet-sparad`);
  }
}
