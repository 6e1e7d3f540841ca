import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AnslagStore, ChangeBoardAddress, SaveBoard } from '@justera/anslag';
import { notFound } from '@justera/application';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { ANSLAG_STORE, OrganisationsRepository } from '@justera/persistence';
import { Auth, AuthContext } from '../auth/auth-context';
import { pageUser } from '../auth/page-user';
import { ensureAllowed } from '../auth/policy';
import { renderAdminBoardsPage, renderAdminOrganBoardPage } from '../views';
import { str, submitForm } from '../common/page-form';
import {
  OrganPageExtra,
  boardsPageModel,
  doneText,
  organPageModel,
  parseExternalBoardForm,
  parseOwnBoardForm,
} from '../views/admin-boards.model';

/**
 * The admin pages for the anslagstavlor: the organisation's board address and each organ's board
 * settings, including the other municipalities' boards of a gemensam nämnd. Server-rendered, for an
 * admin of the organisation; every change goes through libs/anslag's SaveBoard or ChangeBoardAddress
 * (as the JSON API does) and is written to admin_audit_events. Another municipality's board has its
 * own pages (anslag-admin-external-pages.controller.ts). The forms and view models are
 * views/admin-boards.model.ts; a refused change shows the form again with the use case's field issues.
 */
@ApiExcludeController()
@Controller('admin/anslagstavlor')
export class AnslagAdminPagesController {
  constructor(
    @Inject(ANSLAG_STORE) private readonly store: AnslagStore,
    private readonly organisations: OrganisationsRepository,
    private readonly saveBoard: SaveBoard,
    private readonly changeAddress: ChangeBoardAddress,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async organ(auth: AuthContext, organId: string) {
    ensureAllowed(auth, 'board.manage', { organisationId: auth.principal.organisationId });
    const organ = await this.organisations.findOrgan(auth.principal.organisationId, organId);
    if (!organ) throw notFound('Organet');
    return organ;
  }

  private async boardsPage(auth: AuthContext, res: Response, status: number, extra: Parameters<typeof boardsPageModel>[0]['extra'] = {}) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'board.manage', { organisationId });
    const [organisation, organs, posted] = await Promise.all([
      this.store.findOrganisation(organisationId),
      this.organisations.listOrgans(organisationId),
      this.store.hasPostedNotices(organisationId),
    ]);
    if (!organisation) throw notFound('Organisationen');
    const rows = await Promise.all(organs.map(async (organ) => ({ organ, boards: await this.store.boardsOf(organisationId, organ.id) })));
    const vm = boardsPageModel({
      user: pageUser(auth),
      publicUrl: this.config.publicUrl,
      slug: organisation.slug,
      posted,
      organs: rows,
      extra,
    });
    res.status(status).type('html').send(renderAdminBoardsPage(vm));
  }

  @Get()
  async boards(@Auth() auth: AuthContext, @Query('klart') done: unknown, @Res() res: Response) {
    await this.boardsPage(auth, res, 200, { done: doneText(done) });
  }

  @Post('adress')
  async address(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const slug = str(body.slug, 100);
    await submitForm(
      res,
      () => this.changeAddress.execute({ caller: auth, slug, ip: req.ip ?? null }),
      (errors, status) => this.boardsPage(auth, res, status, { slugForm: slug, errors }),
      '/admin/anslagstavlor?klart=adress',
    );
  }

  private async organPage(auth: AuthContext, organId: string, res: Response, status: number, extra: OrganPageExtra = {}) {
    const organ = await this.organ(auth, organId);
    const boards = await this.store.boardsOf(auth.principal.organisationId, organ.id);
    res
      .status(status)
      .type('html')
      .send(renderAdminOrganBoardPage(organPageModel(pageUser(auth), organ, boards, extra)));
  }

  @Get(':organId')
  async organBoards(
    @Auth() auth: AuthContext,
    @Param('organId', ParseUUIDPipe) organId: string,
    @Query('klart') done: unknown,
    @Res() res: Response,
  ) {
    await this.organPage(auth, organId, res, 200, { done: doneText(done) });
  }

  @Post(':organId')
  async saveOwn(
    @Auth() auth: AuthContext,
    @Param('organId', ParseUUIDPipe) organId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const { form, settings } = parseOwnBoardForm(body);
    const ip = req.ip ?? null;
    await submitForm(
      res,
      async () => {
        const organ = await this.organ(auth, organId);
        const own = (await this.store.boardsOf(auth.principal.organisationId, organ.id)).find((b) => b.kind === 'justera');
        await this.saveBoard.execute(
          own
            ? { caller: auth, boardId: own.id, settings, ip }
            : { caller: auth, organId: organ.id, settings: { ...settings, kind: 'justera' }, ip },
        );
      },
      (errors, status) => this.organPage(auth, organId, res, status, { form, errors }),
      `/admin/anslagstavlor/${organId}?klart=sparad`,
    );
  }

  @Post(':organId/andra')
  async addExternal(
    @Auth() auth: AuthContext,
    @Param('organId', ParseUUIDPipe) organId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const externalForm = parseExternalBoardForm(body);
    await submitForm(
      res,
      () => this.saveBoard.execute({ caller: auth, organId, settings: { kind: 'external', ...externalForm }, ip: req.ip ?? null }),
      (externalErrors, status) => this.organPage(auth, organId, res, status, { externalForm, externalErrors }),
      `/admin/anslagstavlor/${organId}?klart=tillagd`,
    );
  }
}
