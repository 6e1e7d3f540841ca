import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Protocol, renderProtocolHtml } from '@justera/protocol';
import { Public } from '../auth/auth-context';
import { renderSigningPage, SecretaryContact, SigningDocument, SigningIdentity, SigningViewModel, trusted } from '../views';
import { requestMeta } from './justering.controller';
import { JusteringService } from './justering.service';
import { ApproveVersion, ClassifyLink, type LinkContext, type LinkVerdict, OpenLink, RequestChanges } from '@justera/justering';
import { IdentityFailure, SigningIdentityService } from './signing-identity.service';
import type { VerifiedIdentity } from '@justera/identity';

/** The cookie that binds an e-legitimation to the browser that started it (docs/identity.md). */
export const IDENTITY_COOKIE = 'justera_identitet';
const IDENTITY_COOKIE_MS = 30 * 60_000;

const FAILURE_STATUS: Partial<Record<IdentityFailure['code'], number>> = {
  name_mismatch: 403,
  throttled: 429,
  provider_unavailable: 503,
  state_mismatch: 400,
  code_rejected: 400,
  cancelled: 400,
  auth_too_old: 400,
};

const FAILURE_TITLE: Partial<Record<IdentityFailure['code'], string>> = {
  name_mismatch: 'Namnet stämmer inte',
  throttled: 'För många försök',
  provider_unavailable: 'E-legitimationen svarar inte',
  cancelled: 'Identifieringen avbröts',
};

/**
 * The signer's pages behind the e-mailed link (public: the token is the credential, so no CSRF token;
 * signing needs an explicit confirmation, a change request a comment). Server-rendered, no JavaScript.
 */
@ApiExcludeController()
@Controller('sign')
export class SigningController {
  constructor(
    private readonly justering: JusteringService,
    private readonly identity: SigningIdentityService,
    private readonly classifyLink: ClassifyLink,
    private readonly openLink: OpenLink,
    private readonly approveVersion: ApproveVersion,
    private readonly requestChanges: RequestChanges,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The provider sends the browser back here (register `<PUBLIC_URL>/sign/identitet/tillbaka`). */
  @Get('identitet/tillbaka')
  @Public()
  async identityCallback(@Req() req: Request, @Res() res: Response) {
    const query = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
    const r = await this.identity.complete(query, browserSecretOf(req), requestMeta(req));
    if ('verdict' in r) return this.send(res, r.token, r.verdict);
    if ('token' in r)
      return res
        .status(303)
        .setHeader('Cache-Control', 'no-store')
        .setHeader('Referrer-Policy', 'no-referrer')
        .redirect(303, `/sign/${encodeURIComponent(r.token)}`);
    return this.sendFailure(res, r.failure);
  }

  @Get(':token')
  @Public()
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    const v = await this.openLink.execute({ token, meta: requestMeta(req) });
    this.send(res, token, v, undefined, undefined, undefined, await this.identityView(token, v, req));
  }

  /** "Identifiera dig med e-legitimation": a POST (no mail scanner or prefetch starts it), then off to the provider. */
  @Post(':token/identitet')
  @Public()
  async identify(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    let secret = browserSecretOf(req);
    if (!secret) {
      secret = randomBytes(32).toString('base64url');
      res.cookie(IDENTITY_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.secureCookies,
        path: '/sign',
        maxAge: IDENTITY_COOKIE_MS,
      });
    }
    const r = await this.identity.begin(token, secret, requestMeta(req));
    if ('redirectUrl' in r)
      return res
        .status(303)
        .setHeader('Cache-Control', 'no-store')
        .setHeader('Referrer-Policy', 'no-referrer')
        .redirect(303, r.redirectUrl);
    if ('verdict' in r)
      return this.send(res, token, r.verdict, undefined, undefined, undefined, await this.identityView(token, r.verdict, req));
    return this.sendFailure(res, r.failure);
  }

  /** The identity step's part of the open page: required or not, and who was verified in this browser. */
  private async identityView(token: string, v: LinkVerdict, req: Request): Promise<IdentityView> {
    if (v.kind !== 'open' || v.ctx.round.identityLevel !== 'e-legitimation') return { verified: null };
    const verified = await this.identity.verifiedFor(token, browserSecretOf(req));
    return {
      verified,
      view: {
        required: true,
        provider: this.identity.provider?.label ?? 'e-legitimation',
        verified: verified ? { name: verified.name } : null,
      },
    };
  }

  private sendFailure(res: Response, f: IdentityFailure) {
    const contact = f.verdict && 'ctx' in f.verdict ? secretaryContact(f.verdict.ctx) : null;
    res
      .status(FAILURE_STATUS[f.code] ?? 502)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Referrer-Policy', 'no-referrer')
      .send(
        renderSigningPage({
          kind: 'identity_failed',
          title: FAILURE_TITLE[f.code] ?? 'Identifieringen misslyckades',
          message: f.message,
          retryToken: f.token,
          ...(f.names ? { names: f.names } : {}),
          contact,
        }),
      );
  }

  @Get(':token/document.pdf')
  @Public()
  async pdf(@Param('token') token: string, @Res() res: Response) {
    const r = await this.justering.linkDocument(token);
    if ('kind' in r) return this.send(res, token, r);
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `inline; filename="protokoll-${r.sha256.slice(0, 12)}.pdf"`)
      .setHeader('Cache-Control', 'private, no-store')
      .setHeader('Referrer-Policy', 'no-referrer')
      .send(r.bytes);
  }

  @Post(':token')
  @Public()
  async act(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const action = body.action;
    if (action === 'sign') {
      if (body.confirm !== 'ja') {
        const v = await this.classifyLink.execute({ token });
        return this.send(
          res,
          token,
          v,
          'Kryssa i rutan för att bekräfta att du godkänner protokollet.',
          400,
          undefined,
          await this.identityView(token, v, req),
        );
      }
      const idv = await this.identityView(token, await this.classifyLink.execute({ token }), req);
      const v = await this.approveVersion.execute({
        token,
        confirmedSha256: typeof body.sha256 === 'string' ? body.sha256 : undefined,
        meta: requestMeta(req),
        identity: idv.verified,
      });
      return this.send(
        res,
        token,
        v,
        undefined,
        undefined,
        v.kind === 'signed' ? 'Tack! Du har justerat och signerat protokollet.' : undefined,
      );
    }
    if (action === 'change') {
      const comment = typeof body.comment === 'string' ? body.comment.trim() : '';
      if (!comment) {
        const v = await this.classifyLink.execute({ token });
        return this.send(res, token, v, 'Skriv vad som behöver ändras.', 400, undefined, await this.identityView(token, v, req));
      }
      const idv = await this.identityView(token, await this.classifyLink.execute({ token }), req);
      const v = await this.requestChanges.execute({ token, comment, meta: requestMeta(req), identity: idv.verified });
      return this.send(
        res,
        token,
        v,
        undefined,
        v.kind === 'change_requested' ? 200 : undefined,
        v.kind === 'change_requested' ? 'Tack! Din begäran om ändring har skickats till sekreteraren.' : undefined,
      );
    }
    const v = await this.classifyLink.execute({ token });
    return this.send(
      res,
      token,
      v,
      'Välj att signera eller att begära en ändring.',
      400,
      undefined,
      await this.identityView(token, v, req),
    );
  }

  private send(
    res: Response,
    token: string,
    v: LinkVerdict,
    error?: string,
    statusOverride?: number,
    notice?: string,
    identity?: IdentityView,
  ) {
    res
      .status(statusOverride ?? (error && v.kind === 'open' ? 400 : STATUS_OF[v.kind]))
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Referrer-Policy', 'no-referrer')
      .send(renderSigningPage(signingViewModel(token, v, error, notice, identity?.view)));
  }
}

const STATUS_OF: Record<LinkVerdict['kind'], number> = {
  invalid: 404,
  expired: 410,
  cancelled: 410,
  superseded: 410,
  signed: 200,
  change_requested: 409,
  waiting: 200,
  open: 200,
};

function signingDocument(token: string, ctx: LinkContext): SigningDocument {
  const p = ctx.protocol;
  const paragraphs = ctx.round.paragraphs;
  let protocolHtml = null;
  if (p.source === 'structured') {
    const protocol = p.data as Protocol;
    const shown = paragraphs ? { ...protocol, paragraphs: protocol.paragraphs.filter((x) => paragraphs.includes(x.number)) } : protocol;
    // renderProtocolHtml escapes every text of the protocol itself.
    protocolHtml = trusted(renderProtocolHtml(shown, { idPrefix: 'text' }), 'libs/protocol renderProtocolHtml');
  }
  return {
    token,
    organ: (p.data as { organ?: string })?.organ ?? p.title,
    meetingDate: p.meetingDate,
    paragraphs,
    role: ctx.signatory.role,
    signatoryId: ctx.signatory.id,
    deadline: ctx.round.deadline,
    version: { number: ctx.version.number, sha256: ctx.version.sha256, size: ctx.version.size },
    signers: ctx.signatories.map((s) => ({ id: s.id, name: s.name, role: s.role, signedAt: s.state === 'signed' ? s.signedAt : null })),
    protocolHtml,
  };
}

/**
 * Who the signer can turn to: the round's sekreterare (exactly one per round, docs/justering.md), by
 * name and e-mail; null when the link is the sekreterare's own.
 */
function secretaryContact(ctx: LinkContext): SecretaryContact | null {
  if (ctx.signatory.role === 'sekreterare') return null;
  const s = ctx.signatories.find((x) => x.role === 'sekreterare');
  return s ? { name: s.name, email: s.email } : null;
}

/** The signing page's view model for a link's verdict. */
function signingViewModel(token: string, v: LinkVerdict, error?: string, notice?: string, identity?: SigningIdentity): SigningViewModel {
  switch (v.kind) {
    case 'invalid':
      return { kind: 'invalid' };
    case 'cancelled':
      return { kind: 'cancelled', contact: secretaryContact(v.ctx) };
    case 'expired':
      return { kind: 'expired', linkExpiresAt: v.ctx.link.expiresAt, deadline: v.ctx.round.deadline, contact: secretaryContact(v.ctx) };
    case 'superseded':
      return {
        kind: 'superseded',
        reason: v.reason === 'replaced' ? 'replaced' : v.reason === 'replaced_signatory' ? 'signatory_replaced' : 'link',
        next: v.next,
        waitingFor: v.waitingFor.map((s) => ({ name: s.name, role: s.role })),
        contact: secretaryContact(v.ctx),
      };
    case 'signed':
      return {
        kind: 'signed',
        doc: signingDocument(token, v.ctx),
        signedAt: v.ctx.signatory.signedAt,
        transactionId: v.ctx.signatory.signedTransactionId,
        inPdf: !!v.ctx.signatory.signatureAppliedAt,
        notice,
      };
    case 'change_requested':
      return { kind: 'change_requested', doc: signingDocument(token, v.ctx), notice, contact: secretaryContact(v.ctx) };
    case 'waiting':
      return {
        kind: 'waiting',
        doc: signingDocument(token, v.ctx),
        waitingFor: v.waitingFor.map((s) => ({ name: s.name, role: s.role })),
        contact: secretaryContact(v.ctx),
      };
    case 'open':
      return {
        kind: 'open',
        doc: signingDocument(token, v.ctx),
        error,
        contact: secretaryContact(v.ctx),
        ...(identity ? { identity } : {}),
      };
  }
}

interface IdentityView {
  verified: VerifiedIdentity | null;
  view?: SigningIdentity;
}

function browserSecretOf(req: Request): string | undefined {
  const v = (req.cookies as Record<string, unknown> | undefined)?.[IDENTITY_COOKIE];
  return typeof v === 'string' && /^[A-Za-z0-9_-]{43}$/.test(v) ? v : undefined;
}
