import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { OutboxMailTransport } from '@justera/mail';
import { Public } from '../auth/auth-context';
import { renderOutboxListPage, renderOutboxMailPage } from '../views';

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
    res.type('html').send(renderOutboxListPage({ mails }));
  }

  @Get(':id')
  @Public()
  async show(@Param('id') id: string, @Res() res: Response) {
    if (!/^[0-9a-f]{32}$/.test(id)) throw new NotFoundException('Meddelandet finns inte.');
    const mail = await this.outbox.get(id);
    if (!mail) throw new NotFoundException('Meddelandet finns inte.');
    res.type('html').send(renderOutboxMailPage({ mail }));
  }
}
