import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { swedishDate } from '@justera/anslag';
import { Auth, AuthContext } from '../auth/auth-context';
import { invalidRequest } from '@justera/application';
import { html, layout } from '../common/html';
import { AnslagService } from './anslag.service';

/**
 * The secretary's page for a protocol's notices: each board's posting, and a form to record the day
 * the notice went up on another municipality's board (gemensam nämnd). Works without JavaScript.
 */
@ApiExcludeController()
@Controller('anslag')
export class AnslagSecretaryController {
  constructor(private readonly anslag: AnslagService) {}

  @Get('protokoll/:protocolId')
  async page(@Auth() auth: AuthContext, @Param('protocolId', ParseUUIDPipe) protocolId: string, @Res() res: Response) {
    const notices = await this.anslag.listNotices(auth, protocolId);
    const csrf = html`<input type="hidden" name="_csrf" value="${auth.csrfToken ?? ''}">`;
    const today = this.anslag.today(auth.principal.organisationId);
    const body = html`<h1>Anslag för protokollet</h1>
${notices.length === 0 ? html`<p>Inget anslag ännu: det sätts upp automatiskt när justeringen är klar.</p>` : ''}
${notices.map(
  (n) => html`<section class="notice" aria-labelledby="h-${n.id}" style="border:1px solid #d0d0d0;border-radius:6px;padding:1rem;margin:1rem 0">
<h2 id="h-${n.id}">${n.type}${n.paragraphs ? html` ${n.paragraphs}` : ''}</h2>
<p>${n.storedState === 'scheduled' ? html`Sätts upp ${new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long', timeStyle: 'short' }).format(new Date(n.postAt))}.` : html`<a href="${n.noticeUrl}">Anslaget på anslagstavlan</a>`}
${n.lastAppealDay ? html` · Sista dag att överklaga ${swedishDate(n.lastAppealDay)}` : ''}${n.takeDownDate ? html` · Tas ned ${swedishDate(n.takeDownDate)}` : ''}${n.awaitingPostings ? html` · <strong>Väntar på anslag hos andra kommuner</strong>` : ''}</p>
<table><caption>Anslag per anslagstavla</caption><thead><tr><th scope="col">Anslagstavla</th><th scope="col">Uppsatt</th></tr></thead><tbody>
${n.postings.map(
  (p) => html`<tr><td>${p.boardName}</td><td>${
    p.postedDate
      ? swedishDate(p.postedDate)
      : p.kind === 'external' && n.storedState !== 'scheduled'
        ? html`<form method="post" action="/anslag/anslag/${n.id}/uppsatt">${csrf}<input type="hidden" name="boardId" value="${p.boardId}">
<label for="d-${n.id}-${p.boardId}">Datum då anslaget sattes upp på ${p.boardName}</label>
<input type="date" id="d-${n.id}-${p.boardId}" name="postedDate" required max="${today}" min="${n.justeradDate}" style="max-width:12rem">
<button type="submit">Registrera<span class="visually-hidden"> anslaget på ${p.boardName}</span></button></form>`
        : 'ännu inte'
  }</td></tr>`,
)}</tbody></table>
</section>`,
)}`;
    res.type('html').send(layout({ title: 'Anslag', user: auth.via === 'session' ? { name: auth.name, csrf: auth.csrfToken ?? '' } : undefined }, body));
  }

  @Post('anslag/:noticeId/uppsatt')
  async record(@Auth() auth: AuthContext, @Param('noticeId', ParseUUIDPipe) noticeId: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const boardId = typeof body.boardId === 'string' ? body.boardId : '';
    const postedDate = typeof body.postedDate === 'string' ? body.postedDate : '';
    if (!/^[0-9a-f-]{36}$/.test(boardId) || !/^\d{4}-\d{2}-\d{2}$/.test(postedDate)) throw invalidRequest('Ange anslagstavla och datum (ÅÅÅÅ-MM-DD).');
    const n = await this.anslag.recordPosting(auth, noticeId, { boardId, postedDate });
    res.redirect(303, `/anslag/protokoll/${n.protocolId}`);
  }
}
