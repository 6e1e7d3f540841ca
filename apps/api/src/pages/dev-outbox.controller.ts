import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { OutboxMailTransport } from '@justera/mail';
import { Public } from '../auth/auth-context';
import { html, layout } from '../common/html';

/**
 * The development mail outbox at /dev/outbox: registered only outside production and only when no
 * SMTP_URL is set (see AppModule), so the quick start's e-mails can be read and their links followed.
 */
@ApiExcludeController()
@Controller('dev/outbox')
export class DevOutboxController {
  private readonly outbox: OutboxMailTransport;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.outbox = new OutboxMailTransport({ dir: config.mail.outboxDir, from: config.mail.from });
  }

  @Get('messages.json')
  @Public()
  async json() {
    return this.outbox.list();
  }

  @Get()
  @Public()
  async list(@Res() res: Response) {
    const mails = await this.outbox.list();
    res.type('html').send(
      layout(
        { title: 'Utvecklingslåda för e-post' },
        html`<h1>Utvecklingslåda för e-post</h1>
<p class="muted">Här hamnar e-post när ingen SMTP-server är konfigurerad (SMTP_URL). Visas aldrig i produktion.</p>
${mails.length === 0 ? html`<p>Inga meddelanden.</p>` : html`<table><caption class="visually-hidden">Meddelanden</caption>
<thead><tr><th scope="col">Tid</th><th scope="col">Till</th><th scope="col">Ämne</th></tr></thead>
<tbody>${mails.map((m) => html`<tr><td>${m.createdAt}</td><td>${m.to.join(', ')}</td><td><a href="/dev/outbox/${m.id}">${m.subject}</a></td></tr>`)}</tbody></table>`}`,
      ),
    );
  }

  @Get(':id')
  @Public()
  async show(@Param('id') id: string, @Res() res: Response) {
    if (!/^[0-9a-f]{32}$/.test(id)) throw new NotFoundException('Meddelandet finns inte.');
    const mail = await this.outbox.get(id);
    if (!mail) throw new NotFoundException('Meddelandet finns inte.');
    res.type('html').send(
      layout(
        { title: mail.subject },
        html`<p><a href="/dev/outbox">← Alla meddelanden</a></p>
<h1>${mail.subject}</h1>
<p>Från: ${mail.from}<br>Till: ${mail.to.join(', ')}<br>Tid: ${mail.createdAt}</p>
<h2>Text</h2>
<pre style="white-space:pre-wrap">${mail.text}</pre>
<h2>Länkar</h2>
<ul>${mail.links.map((l: string) => html`<li><a href="${l}">${l}</a></li>`)}</ul>`,
      ),
    );
  }
}
