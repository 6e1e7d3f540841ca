import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Protocol, renderProtocolHtml } from '@justera/protocol';
import { Public } from '../auth/auth-context';
import { renderSigningPage, SecretaryContact, SigningDocument, SigningViewModel, trusted } from '../views';
import { requestMeta } from './justering.controller';
import { JusteringService, LinkContext, LinkVerdict } from './justering.service';

/**
 * The signer's pages behind the e-mailed link (public: the token is the credential, so no CSRF token;
 * signing needs an explicit confirmation, a change request a comment). Server-rendered, no JavaScript.
 */
@ApiExcludeController()
@Controller('sign')
export class SigningController {
  constructor(private readonly justering: JusteringService) {}

  @Get(':token')
  @Public()
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    const v = await this.justering.openLink(token, requestMeta(req));
    this.send(res, token, v);
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
        const v = await this.justering.inspectLink(token);
        return this.send(res, token, v, 'Kryssa i rutan för att bekräfta att du godkänner protokollet.', 400);
      }
      const v = await this.justering.approve(token, typeof body.sha256 === 'string' ? body.sha256 : undefined, requestMeta(req));
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
        const v = await this.justering.inspectLink(token);
        return this.send(res, token, v, 'Skriv vad som behöver ändras.', 400);
      }
      const v = await this.justering.requestChange(token, comment, requestMeta(req));
      return this.send(
        res,
        token,
        v,
        undefined,
        v.kind === 'change_requested' ? 200 : undefined,
        v.kind === 'change_requested' ? 'Tack! Din begäran om ändring har skickats till sekreteraren.' : undefined,
      );
    }
    const v = await this.justering.inspectLink(token);
    return this.send(res, token, v, 'Välj att signera eller att begära en ändring.', 400);
  }

  private send(res: Response, token: string, v: LinkVerdict, error?: string, statusOverride?: number, notice?: string) {
    res
      .status(statusOverride ?? (error && v.kind === 'open' ? 400 : STATUS_OF[v.kind]))
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Referrer-Policy', 'no-referrer')
      .send(renderSigningPage(signingViewModel(token, v, error, notice)));
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
  const paragraphs = ctx.round.paragraphs ? (JSON.parse(ctx.round.paragraphs) as number[]) : null;
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
function signingViewModel(token: string, v: LinkVerdict, error?: string, notice?: string): SigningViewModel {
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
      return { kind: 'open', doc: signingDocument(token, v.ctx), error, contact: secretaryContact(v.ctx) };
  }
}
