import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { visibleOrganIds } from '@justera/auth';
import { formatDateSv, formatDateTimeSv } from '@justera/mail';
import { ProtocolsRepository } from '@justera/persistence';
import { Auth, AuthContext } from '../auth/auth-context';
import { DomainError } from '@justera/application';
import { html, layout, raw, SafeHtml } from '../common/html';
import { requestMeta } from './justering.controller';
import { JusteringService } from './justering.service';

type Status = Awaited<ReturnType<JusteringService['status']>>;

const STYLE = raw(`<style>
.round{border:1px solid var(--line);border-radius:6px;padding:1rem;margin:1rem 0}
.deadline-near{background:#fff4ce;padding:.1rem .3rem;border-radius:3px;font-weight:700}
.deadline-passed{background:#fde7e9;color:var(--err);padding:.1rem .3rem;border-radius:3px;font-weight:700}
.actions form{display:inline-block;margin:0 .25rem .25rem 0}.actions button{margin-top:0;padding:.3rem .6rem;font-size:.9rem}
.actions input[type=email]{width:14rem;padding:.3rem}
.hash{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.state-signed{color:var(--ok);font-weight:600}.state-change_requested{color:var(--err);font-weight:600}
</style>`);

function daysUntil(date: string): number {
  const today = new Date(new Date().toISOString().slice(0, 10)).getTime();
  return Math.round((new Date(date).getTime() - today) / 86_400_000);
}

/** The secretary's dashboard: each protocol's justering, per-signatory state, deadlines, actions. */
@ApiExcludeController()
@Controller('justering')
export class JusteringDashboardController {
  constructor(
    private readonly justering: JusteringService,
    private readonly protocols: ProtocolsRepository,
  ) {}

  @Get()
  async list(@Auth() auth: AuthContext, @Res() res: Response) {
    const visible = visibleOrganIds(auth.principal, 'protocol.read');
    const { items } = await this.protocols.list({ organisationId: auth.principal.organisationId, organIds: visible === 'all' ? undefined : visible, limit: 50, offset: 0 });
    const statuses = await Promise.all(items.map((p) => this.justering.status(auth, p.id)));
    res.type('html').send(layout({ title: 'Justering', user: { name: auth.name, csrf: auth.csrfToken ?? '' } }, html`${STYLE}<h1>Justering</h1>
${statuses.length === 0 ? html`<p>Inga protokoll ännu.</p>` : statuses.map((s) => this.protocolBlock(s, auth, 'h2'))}`));
  }

  @Get(':protocolId')
  async one(@Auth() auth: AuthContext, @Param('protocolId', ParseUUIDPipe) id: string, @Res() res: Response) {
    const s = await this.justering.status(auth, id);
    res.type('html').send(layout({ title: `Justering: ${s.title}`, user: { name: auth.name, csrf: auth.csrfToken ?? '' } }, html`${STYLE}<p><a href="/justering">Alla protokoll</a></p>${this.protocolBlock(s, auth, 'h1')}`));
  }

  private protocolBlock(s: Status, auth: AuthContext, h: 'h1' | 'h2'): SafeHtml {
    const csrf = html`<input type="hidden" name="_csrf" value="${auth.csrfToken ?? ''}">`;
    const base = `/justering/${s.protocolId}`;
    const heading = h === 'h1' ? html`<h1>${s.title}</h1>` : html`<h2><a href="${base}">${s.title}</a></h2>`;
    const sub = h === 'h1' ? 'h2' : 'h3';
    const start =
      s.protocolStatus === 'draft'
        ? html`<form method="post" action="${base}/start" class="actions">${csrf}
<fieldset><legend>Starta justering av ${s.title}</legend>
<label class="check"><input type="radio" name="order" value="sequential" checked style="width:auto"> I tur och ordning (sekreterare, ordförande, justerare)</label>
<label class="check"><input type="radio" name="order" value="parallel" style="width:auto"> Ordförande och justerare samtidigt efter sekreteraren</label>
<button type="submit">Starta justering</button></fieldset></form>`
        : '';
    return html`<section aria-label="${s.title}">${heading}<p>Sammanträde ${formatDateSv(s.meetingDate)} · ${s.organ}</p>${start}
${s.rounds.length === 0 ? html`<p class="muted">Ingen justering har startats.</p>` : ''}
${[...s.rounds].reverse().map((r) => {
  const open = r.status === 'active' || r.status === 'change_requested';
  const days = daysUntil(r.deadline);
  const deadlineCls = open && r.deadlinePassed ? 'deadline-passed' : open && days <= 2 ? 'deadline-near' : '';
  const roundBase = `${base}/rounds/${r.id}`;
  const label = `${r.paragraphs ? `Omedelbar justering § ${r.paragraphs.join(', ')}` : 'Justering av hela protokollet'}`;
  return html`<div class="round">
${raw(`<${sub}>`)}${label}: ${r.statusSv}${raw(`</${sub}>`)}
<p>Sista dag för justering: <span class="${deadlineCls}">${formatDateSv(r.deadline)}${open && r.deadlinePassed ? ' (passerad)' : open && days <= 2 ? ` (om ${days} dagar)` : ''}</span>
· Ordning: ${r.order === 'parallel' ? 'samtidigt efter sekreteraren' : 'i tur och ordning'}
· Version ${r.version.number}, SHA-256 <span class="hash">${r.version.sha256}</span>
· <a href="/api/protocols/${s.protocolId}/justering/${r.id}/document.pdf">PDF<span class="visually-hidden"> version ${r.version.number}</span></a></p>
${r.status === 'signing' ? html`<p role="status" class="${r.signing.error ? 'deadline-near' : ''}">Alla har godkänt. De digitala underskrifterna läggs in i PDF:en (${r.signing.pending} kvar); därefter blir protokollet justerat och anslaget sätts upp.${r.signing.error ? html` Senaste försöket misslyckades ${r.signing.failedAt ? formatDateTimeSv(r.signing.failedAt) : ''} (${r.signing.failures} försök i rad): ${r.signing.error}. Tjänsten försöker igen automatiskt.` : ''}</p>` : ''}
<table><caption class="visually-hidden">Signatärer, ${label}</caption>
<thead><tr><th scope="col">Roll</th><th scope="col">Namn</th><th scope="col">Status</th><th scope="col">Tider</th>${open ? html`<th scope="col">Åtgärder</th>` : ''}</tr></thead>
<tbody>${r.signatories.map(
    (g) => html`<tr><td>${g.roleSv}</td><td>${g.name}<br><span class="muted">${g.email}</span></td>
<td class="state-${g.state}">${g.stateSv}${g.turn ? ' (tur nu)' : ''}${g.changeComment && g.state === 'change_requested' ? html`<br><q>${g.changeComment}</q>` : ''}</td>
<td>${g.sentAt ? html`Skickad ${formatDateTimeSv(g.sentAt)}<br>` : ''}${g.openedAt ? html`Öppnad ${formatDateTimeSv(g.openedAt)}<br>` : ''}${g.signedAt ? html`Signerad ${formatDateTimeSv(g.signedAt)}<br>` : ''}${g.remindersSent ? html`${g.remindersSent} påminnelser` : ''}</td>
${open ? html`<td class="actions">${g.turn && r.status === 'active' ? html`<form method="post" action="${roundBase}/signatories/${g.id}/remind">${csrf}<button type="submit">Påminn nu<span class="visually-hidden"> ${g.name}</span></button></form><form method="post" action="${roundBase}/signatories/${g.id}/resend">${csrf}<button type="submit" class="secondary">Skicka ny länk<span class="visually-hidden"> till ${g.name}</span></button></form>` : ''}
${g.state !== 'signed' ? html`<form method="post" action="${roundBase}/signatories/${g.id}/email">${csrf}<label for="email-${g.id}" class="visually-hidden">Ny e-postadress för ${g.name}</label><input type="email" id="email-${g.id}" name="email" required placeholder="ny e-postadress"><button type="submit" class="secondary">Byt e-post<span class="visually-hidden"> för ${g.name}</span></button></form>` : ''}</td>` : ''}</tr>`,
  )}</tbody></table>
${open ? html`<div class="actions">
${r.status === 'change_requested' ? html`<form method="post" action="${roundBase}/versions">${csrf}<label for="reason-${r.id}">Vad har ändrats? (skickas till signatärerna)</label><input id="reason-${r.id}" name="reason" maxlength="2000"><button type="submit">Frys ny version och skicka nya länkar</button></form>` : ''}
<form method="post" action="${roundBase}/cancel">${csrf}<button type="submit" class="secondary">Avbryt justeringen</button></form></div>` : ''}
<p><a href="/api/protocols/${s.protocolId}/audit">Händelselogg (JSON)<span class="visually-hidden"> för ${s.title}</span></a></p>
</div>`;
})}</section>`;
  }

  private back(res: Response, protocolId: string) {
    res.redirect(303, `/justering/${protocolId}`);
  }

  @Post(':protocolId/start')
  async start(@Auth() auth: AuthContext, @Param('protocolId', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.justering.start(auth, id, { order: body.order === 'parallel' ? 'parallel' : 'sequential' }, requestMeta(req));
    this.back(res, id);
  }

  @Post(':protocolId/rounds/:roundId/signatories/:sid/:action')
  async signatoryAction(
    @Auth() auth: AuthContext,
    @Param('protocolId', ParseUUIDPipe) id: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Param('sid', ParseUUIDPipe) sid: string,
    @Param('action') action: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const meta = requestMeta(req);
    if (action === 'remind') await this.justering.remindNow(auth, id, roundId, sid, meta);
    else if (action === 'resend') await this.justering.resend(auth, id, roundId, sid, meta);
    else if (action === 'email') {
      const email = typeof body.email === 'string' ? body.email.trim() : '';
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) throw new DomainError('invalid_request', 'Ange en giltig e-postadress.');
      await this.justering.changeEmail(auth, id, roundId, sid, email, meta);
    } else throw new DomainError('not_found', 'Sidan finns inte.');
    this.back(res, id);
  }

  @Post(':protocolId/rounds/:roundId/cancel')
  async cancel(@Auth() auth: AuthContext, @Param('protocolId', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Req() req: Request, @Res() res: Response) {
    await this.justering.cancel(auth, id, roundId, requestMeta(req));
    this.back(res, id);
  }

  @Post(':protocolId/rounds/:roundId/versions')
  async newVersion(@Auth() auth: AuthContext, @Param('protocolId', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const reason = typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim().slice(0, 2000) : undefined;
    await this.justering.newVersion(auth, id, roundId, { reason }, requestMeta(req));
    this.back(res, id);
  }
}
