import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Auth, AuthContext } from '../auth/auth-context';
import { pageUser } from '../auth/page-user';
import { submitForm } from '../common/page-form';
import { organIdentitySection, renderAdminOrganPage, renderAdminOrgansPage } from '../views';
import { requestMeta } from './admin-audit';
import { doneText } from './admin-pages.model';
import { OrganExtra, OrgansExtra, organPageModel, organsPageModel, parseNewOrganForm, parseOrganForm } from './organ-pages.model';
import { OrgansService } from './organs.service';

/**
 * /admin/organ (docs/operations.md, "Administration"): the organisation's organs, a new organ, and one organ's name,
 * förvaringsplats and defaults for new protocols, with its identity level below (that form posts to
 * AdminLoginPagesController). Every route asks the policy through OrgansService (organisation.admin).
 */
@ApiExcludeController()
@Controller()
export class AdminOrganPagesController {
  constructor(private readonly organs: OrgansService) {}

  private async organsPage(auth: AuthContext, res: Response, status: number, extra: OrgansExtra = {}) {
    const organs = await this.organs.organsOverview(auth);
    res
      .status(status)
      .type('html')
      .send(renderAdminOrgansPage(organsPageModel(pageUser(auth), organs, extra)));
  }

  private async organPage(auth: AuthContext, id: string, res: Response, status: number, extra: OrganExtra = {}) {
    const organ = await this.organs.organWithDefaults(auth, id);
    const user = pageUser(auth);
    const sections = organIdentitySection({
      organId: organ.id,
      csrf: user.csrf,
      level: organ.identityLevel ?? 'e-postlank',
      ...this.organs.identityOptions(),
    });
    res
      .status(status)
      .type('html')
      .send(renderAdminOrganPage(organPageModel(user, organ, sections, extra)));
  }

  @Get('admin/organ')
  async list(@Auth() auth: AuthContext, @Query('klart') done: unknown, @Res() res: Response) {
    await this.organsPage(auth, res, 200, { done: doneText(done) });
  }

  @Post('admin/organ')
  async create(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = parseNewOrganForm(body);
    let id = '';
    await submitForm(
      res,
      async () => (id = (await this.organs.createOrganFromForm(auth, form, requestMeta(req))).id),
      (errors, status) => this.organsPage(auth, res, status, { form, errors }),
      () => `/admin/organ/${id}?klart=organ-skapat`,
    );
  }

  @Get('admin/organ/:id')
  async show(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Query('klart') done: unknown, @Res() res: Response) {
    await this.organPage(auth, id, res, 200, { done: doneText(done) });
  }

  @Post('admin/organ/:id')
  async update(
    @Auth() auth: AuthContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = parseOrganForm(body);
    await submitForm(
      res,
      () => this.organs.saveOrganForm(auth, id, form, requestMeta(req)),
      (errors, status) => this.organPage(auth, id, res, status, { form, errors }),
      `/admin/organ/${id}?klart=organ-sparat`,
    );
  }
}
