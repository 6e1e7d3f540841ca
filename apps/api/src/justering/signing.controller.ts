import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  ApproveVersion,
  BeginIdentification,
  ClassifyLink,
  CompleteIdentification,
  LinkDocument,
  OpenLink,
  RequestChanges,
  VerifiedIdentityForLink,
} from '@justera/justering';
import { Public } from '../auth/auth-context';
import { requestMeta } from './justering.controller';
import { type HtmlPage, identityFailurePage, linkPage } from './signing-view-model';

/** The cookie that binds an e-legitimation to the browser that started it (docs/identity.md). */
export const IDENTITY_COOKIE = 'justera_identitet';
const IDENTITY_COOKIE_MS = 30 * 60_000;

/**
 * The signer's pages behind the e-mailed link (public: the token is the credential, so no CSRF token;
 * signing needs an explicit confirmation, a change request a comment). Server-rendered, no JavaScript.
 * Each route checks its input and calls one use case; the pages are built in signing-view-model.ts.
 */
@ApiExcludeController()
@Controller('sign')
export class SigningController {
  constructor(
    private readonly linkDocument: LinkDocument,
    private readonly classifyLink: ClassifyLink,
    private readonly openLink: OpenLink,
    private readonly approveVersion: ApproveVersion,
    private readonly requestChanges: RequestChanges,
    private readonly beginIdentification: BeginIdentification,
    private readonly completeIdentification: CompleteIdentification,
    private readonly identityStep: VerifiedIdentityForLink,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The provider sends the browser back here (register `<PUBLIC_URL>/sign/identitet/tillbaka`). */
  @Get('identitet/tillbaka')
  @Public()
  async identityCallback(@Req() req: Request, @Res() res: Response) {
    const callback = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
    const r = await this.completeIdentification.execute({ callback, browserSecret: browserSecretOf(req), meta: requestMeta(req) });
    if ('verdict' in r) return sendPage(res, linkPage(r.token, r.verdict));
    if ('token' in r) return redirect(res, `/sign/${encodeURIComponent(r.token)}`);
    return sendPage(res, identityFailurePage(r.failure));
  }

  @Get(':token')
  @Public()
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    const v = await this.openLink.execute({ token, meta: requestMeta(req) });
    const identity = await this.identityStep.execute({ token, browserSecret: browserSecretOf(req), verdict: v });
    sendPage(res, linkPage(token, v, { identity }));
  }

  /** "Identifiera dig med e-legitimation": a POST (no mail scanner or prefetch starts it), then off to the provider. */
  @Post(':token/identitet')
  @Public()
  async identify(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    let secret = browserSecretOf(req);
    if (!secret) {
      secret = randomBytes(32).toString('base64url');
      const { secureCookies: secure } = this.config;
      res.cookie(IDENTITY_COOKIE, secret, { httpOnly: true, sameSite: 'lax', secure, path: '/sign', maxAge: IDENTITY_COOKIE_MS });
    }
    const r = await this.beginIdentification.execute({ token, browserSecret: secret, meta: requestMeta(req) });
    if ('redirectUrl' in r) return redirect(res, r.redirectUrl);
    // A link that is not open, or needs no e-legitimation: its page (with no identity step to show).
    if ('verdict' in r) return sendPage(res, linkPage(token, r.verdict));
    return sendPage(res, identityFailurePage(r.failure));
  }

  @Get(':token/document.pdf')
  @Public()
  async pdf(@Param('token') token: string, @Res() res: Response) {
    const r = await this.linkDocument.execute({ token });
    if ('kind' in r) return sendPage(res, linkPage(token, r));
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `inline; filename="protokoll-${r.sha256.slice(0, 12)}.pdf"`)
      .setHeader('Cache-Control', 'private, no-store')
      .setHeader('Referrer-Policy', 'no-referrer')
      .send(Buffer.from(r.bytes));
  }

  @Post(':token')
  @Public()
  async act(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const browserSecret = browserSecretOf(req);
    const meta = requestMeta(req);
    const comment = typeof body.comment === 'string' ? body.comment.trim() : '';
    if (body.action === 'sign' && body.confirm === 'ja') {
      const { verified: identity } = await this.identityStep.execute({ token, browserSecret });
      const confirmedSha256 = typeof body.sha256 === 'string' ? body.sha256 : undefined;
      const v = await this.approveVersion.execute({ token, confirmedSha256, meta, identity });
      const notice = v.kind === 'signed' ? 'Tack! Du har justerat och signerat protokollet.' : undefined;
      return sendPage(res, linkPage(token, v, { notice }));
    }
    if (body.action === 'change' && comment) {
      const { verified: identity } = await this.identityStep.execute({ token, browserSecret });
      const v = await this.requestChanges.execute({ token, comment, meta, identity });
      const done = v.kind === 'change_requested';
      return sendPage(
        res,
        linkPage(token, v, done ? { status: 200, notice: 'Tack! Din begäran om ändring har skickats till sekreteraren.' } : {}),
      );
    }
    const error =
      body.action === 'sign'
        ? 'Kryssa i rutan för att bekräfta att du godkänner protokollet.'
        : body.action === 'change'
          ? 'Skriv vad som behöver ändras.'
          : 'Välj att signera eller att begära en ändring.';
    const v = await this.classifyLink.execute({ token });
    const identity = await this.identityStep.execute({ token, browserSecret, verdict: v });
    return sendPage(res, linkPage(token, v, { error, status: 400, identity }));
  }
}

function sendPage(res: Response, page: HtmlPage) {
  res.status(page.status).type('html').setHeader('Cache-Control', 'no-store').setHeader('Referrer-Policy', 'no-referrer').send(page.html);
}

function redirect(res: Response, url: string) {
  return res.status(303).setHeader('Cache-Control', 'no-store').setHeader('Referrer-Policy', 'no-referrer').redirect(303, url);
}

function browserSecretOf(req: Request): string | undefined {
  const v = (req.cookies as Record<string, unknown> | undefined)?.[IDENTITY_COOKIE];
  return typeof v === 'string' && /^[A-Za-z0-9_-]{43}$/.test(v) ? v : undefined;
}
