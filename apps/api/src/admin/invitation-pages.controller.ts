import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth-context';
import { fieldErrorsOf, str } from '../common/page-form';
import { renderInvitationPage } from '../views';
import { InvitationsService } from './invitations.service';

/**
 * /inbjudan/:token (public, never cached): the invited person chooses a password. An unknown link is
 * 404, a used or expired one 410; a password the policy refuses shows the form again with its problems.
 */
@ApiExcludeController()
@Controller()
export class InvitationPagesController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get('inbjudan/:token')
  @Public()
  async invitation(@Param('token') token: string, @Res() res: Response) {
    const inv = await this.invitations.invitation(token);
    res.setHeader('Cache-Control', 'no-store');
    if (inv.state !== 'ok')
      return res
        .status(inv.state === 'unknown' ? 404 : 410)
        .type('html')
        .send(renderInvitationPage({ state: inv.state }));
    res.type('html').send(renderInvitationPage({ state: 'form', token, name: inv.name, email: inv.email, organisation: inv.organisation }));
  }

  @Post('inbjudan/:token')
  @Public()
  async acceptInvitation(@Param('token') token: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    try {
      const r = await this.invitations.acceptInvitation(token, str(body.password, 1000), str(body.repeat, 1000));
      if (r.state === 'accepted') return res.redirect(303, `/login?valkommen=1`);
      return res
        .status(r.state === 'unknown' ? 404 : 410)
        .type('html')
        .send(renderInvitationPage({ state: r.state }));
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      const inv = await this.invitations.invitation(token);
      if (inv.state !== 'ok')
        return res
          .status(410)
          .type('html')
          .send(renderInvitationPage({ state: inv.state }));
      res
        .status(400)
        .type('html')
        .send(renderInvitationPage({ state: 'form', token, name: inv.name, email: inv.email, organisation: inv.organisation, errors }));
    }
  }
}
