import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { formatDateSv, formatDateTimeSv } from '@justera/mail';
import { ROLE_SV, SignerRole } from '@justera/justering';
import { Protocol, renderProtocolHtml } from '@justera/protocol';
import { Public } from '../auth/auth-context';
import { html, layout, raw, SafeHtml } from '../common/html';
import { requestMeta } from './justering.controller';
import { JusteringService, LinkContext, LinkVerdict } from './justering.service';

const PAGE_STYLE = raw(`<style>
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0}.facts dt{font-weight:600}.facts dd{margin:0}
.hash{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all;background:#f3f3f3;padding:.5rem;border-radius:4px}
.pdf{width:100%;height:70vh;border:1px solid #767676}
.box{border:2px solid var(--accent);border-radius:6px;padding:1rem;margin:1.5rem 0}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}.check input{width:auto;margin-top:.35rem}
.protocol-html{border-top:1px solid var(--line);margin-top:2rem}
</style>`);

function roleSv(role: string) {
  return ROLE_SV[role as SignerRole] ?? role;
}

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
      return this.send(res, token, v, undefined, undefined, v.kind === 'signed' ? 'Tack! Du har justerat och signerat protokollet.' : undefined);
    }
    if (action === 'change') {
      const comment = typeof body.comment === 'string' ? body.comment.trim() : '';
      if (!comment) {
        const v = await this.justering.inspectLink(token);
        return this.send(res, token, v, 'Skriv vad som behöver ändras.', 400);
      }
      const v = await this.justering.requestChange(token, comment, requestMeta(req));
      return this.send(res, token, v, undefined, v.kind === 'change_requested' ? 200 : undefined, v.kind === 'change_requested' ? 'Tack! Din begäran om ändring har skickats till sekreteraren.' : undefined);
    }
    const v = await this.justering.inspectLink(token);
    return this.send(res, token, v, 'Välj att signera eller att begära en ändring.', 400);
  }

  private send(res: Response, token: string, v: LinkVerdict, error?: string, statusOverride?: number, notice?: string) {
    const [status, title, body] = this.page(token, v, error, notice);
    res
      .status(statusOverride ?? (error && v.kind === 'open' ? 400 : status))
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Referrer-Policy', 'no-referrer')
      .send(layout({ title }, html`${PAGE_STYLE}${body}`));
  }

  private facts(ctx: LinkContext): SafeHtml {
    const p = ctx.protocol;
    const organ = (p.data as { organ?: string })?.organ ?? p.title;
    const paragraphs = ctx.round.paragraphs ? (JSON.parse(ctx.round.paragraphs) as number[]).map((n) => `§ ${n}`).join(', ') : null;
    return html`<dl class="facts">
<dt>Organ</dt><dd>${organ}</dd>
<dt>Sammanträde</dt><dd>${formatDateSv(p.meetingDate)}</dd>
${paragraphs ? html`<dt>Paragrafer</dt><dd>${paragraphs} (omedelbar justering)</dd>` : ''}
<dt>Din roll</dt><dd>${roleSv(ctx.signatory.role)}</dd>
<dt>Sista dag</dt><dd>${formatDateSv(ctx.round.deadline)}</dd>
<dt>Version</dt><dd>${ctx.version.number}</dd>
</dl>`;
  }

  private signers(ctx: LinkContext): SafeHtml {
    return html`<h2>Signaturer</h2><ul>${ctx.signatories.map(
      (s) => html`<li>${s.name} (${roleSv(s.role)}): ${s.state === 'signed' && s.signedAt ? html`signerade ${formatDateTimeSv(s.signedAt)}` : s.id === ctx.signatory.id ? 'du' : 'har inte signerat'}</li>`,
    )}</ul>`;
  }

  private hash(ctx: LinkContext): SafeHtml {
    return html`<p>Kontrollsumma (SHA-256) för den version du godkänner:</p><p class="hash" id="sha256">${ctx.version.sha256}</p>`;
  }

  private document(token: string, ctx: LinkContext): SafeHtml {
    const url = `/sign/${encodeURIComponent(token)}/document.pdf`;
    const protocolHtml = ctx.protocol.source === 'structured' ? this.protocolHtml(ctx) : null;
    return html`<h2>Protokollet</h2>
<p><a href="${url}" download>Ladda ner protokollet (PDF, ${Math.ceil(ctx.version.size / 1024)} kB)</a>${protocolHtml ? html` · <a href="#protokollet-som-text">Läs protokollet som text</a>` : ''}</p>
<iframe class="pdf" src="${url}" title="Protokollet som PDF"></iframe>
${protocolHtml ? html`<section class="protocol-html" id="protokollet-som-text" aria-label="Protokollet som text">${protocolHtml}</section>` : html`<p class="muted">Protokollet är en uppladdad PDF och finns bara i PDF-form.</p>`}`;
  }

  private protocolHtml(ctx: LinkContext): SafeHtml {
    const protocol = ctx.protocol.data as Protocol;
    const wanted = ctx.round.paragraphs ? (JSON.parse(ctx.round.paragraphs) as number[]) : null;
    const shown = wanted ? { ...protocol, paragraphs: protocol.paragraphs.filter((p) => wanted.includes(p.number)) } : protocol;
    // renderProtocolHtml escapes every text of the protocol itself.
    return raw(renderProtocolHtml(shown, { idPrefix: 'text' }));
  }

  private page(token: string, v: LinkVerdict, error?: string, notice?: string): [number, string, SafeHtml] {
    const err = error ? html`<p class="error" role="alert" id="form-error">${error}</p>` : '';
    const note = notice ? html`<p class="ok" role="status">${notice}</p>` : '';
    switch (v.kind) {
      case 'invalid':
        return [404, 'Länken fungerar inte', html`<h1>Länken fungerar inte</h1><p>Länken är okänd eller felaktig. Kontrollera att du har kopierat hela länken från e-postmeddelandet, eller kontakta sekreteraren.</p>`];
      case 'expired':
        return [410, 'Länken har gått ut', html`<h1>Länken har gått ut</h1><p>Länken gällde till ${formatDateTimeSv(v.ctx.link.expiresAt)}. Sista dag för justering var ${formatDateSv(v.ctx.round.deadline)}. Kontakta sekreteraren om du behöver en ny länk.</p>`];
      case 'cancelled':
        return [410, 'Justeringen är avbruten', html`<h1>Justeringen är avbruten</h1><p>Sekreteraren har avbrutit justeringen. Länken gäller inte längre.</p>`];
      case 'superseded':
        return v.reason === 'replaced'
          ? [410, 'Dokumentet har ersatts', html`<h1>Dokumentet har ersatts</h1><p>Protokollet har ändrats och en ny version ska justeras. Den här länken gäller den tidigare versionen och fungerar inte längre${v.ctx.signatory.state === 'signed' ? '' : ''}. Använd länken i det senaste e-postmeddelandet.</p>`]
          : [410, 'Länken har ersatts', html`<h1>Länken har ersatts</h1><p>En ny länk har skickats till dig. Använd länken i det senaste e-postmeddelandet.</p>`];
      case 'signed':
        return [
          200,
          'Du har signerat',
          html`<h1>Du har signerat protokollet</h1>${note}${this.facts(v.ctx)}
<p>Du justerade och signerade som ${roleSv(v.ctx.signatory.role)} ${v.ctx.signatory.signedAt ? formatDateTimeSv(v.ctx.signatory.signedAt) : ''}. Transaktions-id: <span class="hash">${v.ctx.signatory.signedTransactionId ?? ''}</span></p>
<p>${v.ctx.signatory.signatureAppliedAt ? 'Din digitala underskrift finns i PDF:en.' : 'Din digitala underskrift läggs in i PDF:en inom kort; du behöver inte göra något mer.'}</p>
${this.hash(v.ctx)}${this.signers(v.ctx)}
<p><a href="/sign/${encodeURIComponent(token)}/document.pdf">Visa det du godkände (PDF)</a></p>`,
        ];
      case 'change_requested':
        return [
          409,
          'Ändring begärd',
          html`<h1>En ändring har begärts</h1>${note}${this.facts(v.ctx)}<p>Justeringen väntar på att sekreteraren tar fram en ny version. Du får ett nytt e-postmeddelande med en ny länk när den är klar.</p>`,
        ];
      case 'waiting':
        return [
          200,
          'Inte din tur ännu',
          html`<h1>Det är inte din tur att signera ännu</h1>${this.facts(v.ctx)}
<p>Du väntar på: ${v.waitingFor.map((s) => `${s.name} (${roleSv(s.role)})`).join(', ')}. Du får ett e-postmeddelande när det är din tur.</p>
${this.signers(v.ctx)}${this.document(token, v.ctx)}`,
        ];
      case 'open': {
        const action = `/sign/${encodeURIComponent(token)}`;
        return [
          200,
          'Justera protokollet',
          html`<h1>Justera protokollet</h1>${err}${this.facts(v.ctx)}${this.hash(v.ctx)}${this.signers(v.ctx)}
<section class="box" aria-labelledby="sign-heading">
<h2 id="sign-heading">Justera och signera</h2>
<form method="post" action="${action}">
<input type="hidden" name="action" value="sign">
<input type="hidden" name="sha256" value="${v.ctx.version.sha256}">
<label class="check" for="confirm"><input type="checkbox" id="confirm" name="confirm" value="ja" required ${error ? html`aria-describedby="form-error"` : ''}> Jag har läst protokollet och godkänner den här versionen (kontrollsumman ovan) med min underskrift som ${roleSv(v.ctx.signatory.role)}.</label>
<button type="submit">Justera och signera</button>
</form>
</section>
<section class="box" aria-labelledby="change-heading">
<h2 id="change-heading">Begär ändring</h2>
<form method="post" action="${action}">
<input type="hidden" name="action" value="change">
<label for="comment">Vad behöver ändras?</label>
<textarea id="comment" name="comment" rows="4" required maxlength="4000"></textarea>
<button type="submit" class="secondary">Begär ändring</button>
</form>
</section>
${this.document(token, v.ctx)}`,
        ];
      }
    }
  }
}
