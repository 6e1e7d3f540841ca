import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@justera/application';
import { Auth, AuthContext } from '../auth/auth-context';
import { pageUser } from '../auth/page-user';
import { submitForm } from '../common/page-form';
import { renderAdminConfirmPage, renderAdminUserPage, renderAdminUsersPage } from '../views';
import { requestMeta } from './admin-audit';
import { doneText } from './admin-pages.model';
import {
  UserExtra,
  UsersExtra,
  confirmDeactivateModel,
  parseInviteForm,
  parseUserForm,
  userPageModel,
  usersPageModel,
} from './user-pages.model';
import { InvitationsService } from './invitations.service';
import { UsersService } from './users.service';

/**
 * /admin/anvandare (docs/operations.md, "Administration"): the organisation's users, an invitation by mail, one user's role and
 * organs, a new invitation, deactivate (after a confirmation page) and activate. Every route asks
 * the policy through the services (users.manage; another organisation's user is "not found").
 */
@ApiExcludeController()
@Controller()
export class AdminUserPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly invitations: InvitationsService,
  ) {}

  private async usersPage(auth: AuthContext, res: Response, status: number, extra: UsersExtra = {}) {
    const overview = await this.users.usersOverview(auth);
    res
      .status(status)
      .type('html')
      .send(renderAdminUsersPage(usersPageModel(pageUser(auth), overview, extra)));
  }

  private async userPage(auth: AuthContext, id: string, res: Response, status: number, extra: UserExtra = {}) {
    const overview = await this.users.usersOverview(auth);
    const u = overview.users.find((x) => x.id === id);
    if (!u) throw new DomainError('not_found', 'Användaren finns inte.');
    res
      .status(status)
      .type('html')
      .send(renderAdminUserPage(userPageModel(pageUser(auth), overview.organs, u, u.id === auth.principal.userId, extra)));
  }

  /** A refusal (`conflict`) shown on the user's page; anything else thrown on. */
  private async orConflict(auth: AuthContext, id: string, res: Response, run: () => Promise<void>, to: string) {
    try {
      await run();
    } catch (err) {
      if (err instanceof DomainError && err.code === 'conflict') return this.userPage(auth, id, res, 409, { error: err.message });
      throw err;
    }
    res.redirect(303, to);
  }

  @Get('admin/anvandare')
  async list(@Auth() auth: AuthContext, @Query('klart') done: unknown, @Res() res: Response) {
    await this.usersPage(auth, res, 200, { done: doneText(done) });
  }

  @Post('admin/anvandare')
  async invite(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = parseInviteForm(body);
    await submitForm(
      res,
      () => this.invitations.inviteUser(auth, form, requestMeta(req)),
      (errors, status) => this.usersPage(auth, res, status, { form, errors }),
      '/admin/anvandare?klart=inbjuden',
    );
  }

  @Get('admin/anvandare/:id')
  async show(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Query('klart') done: unknown, @Res() res: Response) {
    await this.userPage(auth, id, res, 200, { done: doneText(done) });
  }

  @Post('admin/anvandare/:id')
  async update(
    @Auth() auth: AuthContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = parseUserForm(body);
    await submitForm(
      res,
      () => this.users.updateUser(auth, id, form, requestMeta(req)),
      (errors, status) => this.userPage(auth, id, res, status, { form, errors }),
      `/admin/anvandare/${id}?klart=sparad`,
    );
  }

  @Post('admin/anvandare/:id/inbjudan')
  async reinvite(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await this.orConflict(
      auth,
      id,
      res,
      () => this.invitations.reinvite(auth, id, requestMeta(req)),
      `/admin/anvandare/${id}?klart=ny-inbjudan`,
    );
  }

  @Get('admin/anvandare/:id/inaktivera')
  async confirmDeactivate(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const u = await this.users.user(auth, id);
    if (u.disabled) return res.redirect(303, `/admin/anvandare/${id}`);
    if (u.id === auth.principal.userId) return this.userPage(auth, id, res, 409, { error: 'Du kan inte inaktivera ditt eget konto.' });
    res.type('html').send(renderAdminConfirmPage(confirmDeactivateModel(pageUser(auth), id, u)));
  }

  @Post('admin/anvandare/:id/inaktivera')
  async deactivate(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await this.orConflict(
      auth,
      id,
      res,
      () => this.users.deactivateUser(auth, id, requestMeta(req)),
      `/admin/anvandare/${id}?klart=inaktiverad`,
    );
  }

  @Post('admin/anvandare/:id/aktivera')
  async reactivate(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await this.users.reactivateUser(auth, id, requestMeta(req));
    res.redirect(303, `/admin/anvandare/${id}?klart=aktiverad`);
  }
}
