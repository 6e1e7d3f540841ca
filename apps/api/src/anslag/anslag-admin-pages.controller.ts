import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AnslagStore, Board, BoardSettings, ChangeBoardAddress, SaveBoard } from '@justera/anslag';
import { DomainError, notFound } from '@justera/application';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { DEFAULT_TAKE_DOWN_POLICY } from '@justera/legal-dates';
import { ANSLAG_STORE, OrganisationsRepository } from '@justera/persistence';
import { Auth, AuthContext } from '../auth/auth-context';
import { pageUser } from '../auth/page-user';
import { ensureAllowed } from '../auth/policy';
import { httpStatusOf } from '../common/errors';
import {
  AdminBoardForm,
  AdminBoardOrganRow,
  FieldErrors,
  TAKE_DOWN_SV,
  postingSv,
  renderAdminBoardsPage,
  renderAdminConfirmPage,
  renderAdminExternalBoardPage,
  renderAdminOrganBoardPage,
} from '../views';

/**
 * One organ's row on /admin/anslagstavlor. "Standardinställningar" marks every organ whose board has
 * the standard settings, whether its board row exists yet (made at the first notice, with exactly
 * these settings) or not — the page marked only the organs without a row, so of two organs on the
 * defaults one was marked and the other not.
 */
export function boardRow(organ: { id: string; name: string }, boards: Board[]): AdminBoardOrganRow {
  const own = boards.find((b) => b.kind === 'justera') ?? null;
  const standard =
    !own ||
    (own.postingMode === 'immediate' && own.takeDownPolicy === DEFAULT_TAKE_DOWN_POLICY && own.publishPdf && !own.contact?.trim());
  return {
    organId: organ.id,
    organName: organ.name,
    own: own && {
      name: own.name,
      postingSv: postingSv(own.postingMode, own.postingHour),
      takeDownSv: TAKE_DOWN_SV[own.takeDownPolicy] ?? TAKE_DOWN_SV.dayAfterLastAppealDay,
      contact: own.contact,
      publishPdf: own.publishPdf,
    },
    standard,
    external: boards.filter((b) => b.kind === 'external').map((b) => b.name),
  };
}

/** Fixed confirmation texts after a redirect (`?klart=<code>`), so no text travels in the address. */
const DONE_SV: Record<string, string> = {
  adress: 'Anslagstavlans adress är ändrad.',
  sparad: 'Anslagstavlan är sparad. Ändringen gäller för nya anslag; anslag som redan finns behåller sina datum.',
  tillagd: 'Den andra kommunens anslagstavla är tillagd. Nya anslag sätts också upp där.',
  borttagen: 'Anslagstavlan är borttagen. Nya anslag sätts inte längre upp där.',
};

function doneText(code: unknown): string | undefined {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(DONE_SV, code) ? DONE_SV[code] : undefined;
}

function str(v: unknown, max = 1000): string {
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** The field problems of a coded form error (`details: { path, message }[]`), or null when it is not one. */
function fieldErrorsOf(err: unknown): FieldErrors | null {
  if (!(err instanceof DomainError) || !['invalid_request', 'conflict', 'board_exists'].includes(err.code)) return null;
  const out: FieldErrors = {};
  for (const d of Array.isArray(err.details) ? (err.details as unknown[]) : []) {
    const { path, message } = (d ?? {}) as { path?: unknown; message?: unknown };
    if (typeof path === 'string' && typeof message === 'string') (out[path] ??= []).push(message);
  }
  if (Object.keys(out).length === 0) out._form = [err.message];
  return out;
}

function formOf(b: Board | null): AdminBoardForm {
  return {
    name: b?.name ?? 'Anslagstavlan',
    postingMode: b?.postingMode ?? 'immediate',
    postingHour: b?.postingHour === null || b?.postingHour === undefined ? '8' : String(b.postingHour),
    takeDownPolicy: b?.takeDownPolicy ?? 'dayAfterLastAppealDay',
    publishPdf: b?.publishPdf ?? true,
    contact: b?.contact ?? '',
  };
}

/**
 * The admin pages for the anslagstavlor (issue 16): the organisation's board address and each organ's
 * board settings, including the other municipalities' boards of a gemensam nämnd. Server-rendered,
 * for an admin of the organisation; every change goes through libs/anslag's SaveBoard or
 * ChangeBoardAddress (as the JSON API does) and is written to admin_audit_events.
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

  private allowed(auth: AuthContext) {
    ensureAllowed(auth, 'board.manage', { organisationId: auth.principal.organisationId });
  }

  private async organ(auth: AuthContext, organId: string) {
    this.allowed(auth);
    const organ = await this.organisations.findOrgan(auth.principal.organisationId, organId);
    if (!organ) throw notFound('Organet');
    return organ;
  }

  // ------------------------------------------------------------ overview and address

  private async boardsPage(
    auth: AuthContext,
    res: Response,
    status: number,
    extra: { slugForm?: string; errors?: FieldErrors; done?: string } = {},
  ) {
    this.allowed(auth);
    const organisationId = auth.principal.organisationId;
    const [organisation, organs, posted] = await Promise.all([
      this.store.findOrganisation(organisationId),
      this.organisations.listOrgans(organisationId),
      this.store.hasPostedNotices(organisationId),
    ]);
    if (!organisation) throw notFound('Organisationen');
    const rows = await Promise.all(organs.map(async (o) => boardRow(o, await this.store.boardsOf(organisationId, o.id))));
    res
      .status(status)
      .type('html')
      .send(
        renderAdminBoardsPage({
          user: pageUser(auth),
          addressBase: `${this.config.publicUrl.replace(/\/$/, '')}/anslagstavla/`,
          slug: organisation.slug,
          slugChangeable: !posted,
          organs: rows,
          ...extra,
        }),
      );
  }

  @Get()
  async boards(@Auth() auth: AuthContext, @Query('klart') done: unknown, @Res() res: Response) {
    await this.boardsPage(auth, res, 200, { done: doneText(done) });
  }

  @Post('adress')
  async address(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const slug = str(body.slug, 100);
    try {
      await this.changeAddress.execute({ caller: auth, slug, ip: req.ip ?? null });
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return this.boardsPage(auth, res, httpStatusOf(err as DomainError), { slugForm: slug, errors });
    }
    res.redirect(303, '/admin/anslagstavlor?klart=adress');
  }

  // ------------------------------------------------------------ one organ's boards

  private async organPage(
    auth: AuthContext,
    organId: string,
    res: Response,
    status: number,
    extra: {
      form?: AdminBoardForm;
      errors?: FieldErrors;
      externalForm?: { name: string; url: string };
      externalErrors?: FieldErrors;
      done?: string;
    } = {},
  ) {
    const organ = await this.organ(auth, organId);
    const boards = await this.store.boardsOf(auth.principal.organisationId, organ.id);
    const own = boards.find((b) => b.kind === 'justera') ?? null;
    res
      .status(status)
      .type('html')
      .send(
        renderAdminOrganBoardPage({
          user: pageUser(auth),
          organ: { id: organ.id, name: organ.name },
          exists: own !== null,
          form: extra.form ?? formOf(own),
          errors: extra.errors,
          external: boards.filter((b) => b.kind === 'external').map((b) => ({ id: b.id, name: b.name, url: b.url })),
          externalForm: extra.externalForm ?? { name: '', url: '' },
          externalErrors: extra.externalErrors,
          done: extra.done,
        }),
      );
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
    const form: AdminBoardForm = {
      name: str(body.name, 300),
      postingMode: str(body.postingMode, 40),
      postingHour: str(body.postingHour, 4),
      takeDownPolicy: str(body.takeDownPolicy, 60),
      publishPdf: body.publishPdf !== undefined,
      contact: str(body.contact, 400),
    };
    const settings: Partial<BoardSettings> = {
      name: form.name,
      postingMode: form.postingMode as BoardSettings['postingMode'],
      postingHour: form.postingMode === 'nextWorkingDayAt' && /^\d{1,2}$/.test(form.postingHour) ? Number(form.postingHour) : null,
      takeDownPolicy: form.takeDownPolicy,
      publishPdf: form.publishPdf,
      contact: form.contact,
    };
    try {
      const organ = await this.organ(auth, organId);
      const own = (await this.store.boardsOf(auth.principal.organisationId, organ.id)).find((b) => b.kind === 'justera');
      await this.saveBoard.execute(
        own
          ? { caller: auth, boardId: own.id, settings, ip: req.ip ?? null }
          : { caller: auth, organId: organ.id, settings: { ...settings, kind: 'justera' }, ip: req.ip ?? null },
      );
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return this.organPage(auth, organId, res, httpStatusOf(err as DomainError), { form, errors });
    }
    res.redirect(303, `/admin/anslagstavlor/${organId}?klart=sparad`);
  }

  @Post(':organId/andra')
  async addExternal(
    @Auth() auth: AuthContext,
    @Param('organId', ParseUUIDPipe) organId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const externalForm = { name: str(body.name, 300), url: str(body.url, 600) };
    try {
      await this.saveBoard.execute({
        caller: auth,
        organId,
        settings: { kind: 'external', name: externalForm.name, url: externalForm.url },
        ip: req.ip ?? null,
      });
    } catch (err) {
      const externalErrors = fieldErrorsOf(err);
      if (!externalErrors) throw err;
      return this.organPage(auth, organId, res, httpStatusOf(err as DomainError), { externalForm, externalErrors });
    }
    res.redirect(303, `/admin/anslagstavlor/${organId}?klart=tillagd`);
  }

  // ------------------------------------------------------------ another municipality's board

  private async external(auth: AuthContext, id: string) {
    this.allowed(auth);
    const board = await this.store.findBoard(id);
    if (!board || board.organisationId !== auth.principal.organisationId || board.kind !== 'external' || !board.active)
      throw notFound('Anslagstavlan');
    const organ = await this.organ(auth, board.organId);
    return { board, organ };
  }

  @Get('tavla/:id')
  async externalPage(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const { board, organ } = await this.external(auth, id);
    res.type('html').send(
      renderAdminExternalBoardPage({
        user: pageUser(auth),
        organ: { id: organ.id, name: organ.name },
        board: { id: board.id, name: board.name },
        form: { name: board.name, url: board.url ?? '' },
      }),
    );
  }

  @Post('tavla/:id')
  async saveExternal(
    @Auth() auth: AuthContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const { board, organ } = await this.external(auth, id);
    const form = { name: str(body.name, 300), url: str(body.url, 600) };
    try {
      await this.saveBoard.execute({ caller: auth, boardId: board.id, settings: { name: form.name, url: form.url }, ip: req.ip ?? null });
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return res
        .status(httpStatusOf(err as DomainError))
        .type('html')
        .send(
          renderAdminExternalBoardPage({
            user: pageUser(auth),
            organ: { id: organ.id, name: organ.name },
            board: { id: board.id, name: board.name },
            form,
            errors,
          }),
        );
    }
    res.redirect(303, `/admin/anslagstavlor/${organ.id}?klart=sparad`);
  }

  @Get('tavla/:id/ta-bort')
  async confirmRemove(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const { board, organ } = await this.external(auth, id);
    res.type('html').send(
      renderAdminConfirmPage({
        user: pageUser(auth),
        current: '/admin/anslagstavlor',
        title: `Ta bort ${board.name}`,
        paragraphs: [
          `Nya anslag för ${organ.name} sätts inte längre upp på ${board.name}. Anslag som redan finns behåller sina uppgifter, och sekreteraren registrerar fortfarande dagen de sattes upp där.`,
        ],
        action: `/admin/anslagstavlor/tavla/${board.id}/ta-bort`,
        confirmLabel: `Ja, ta bort ${board.name}`,
        cancelHref: `/admin/anslagstavlor/tavla/${board.id}`,
        cancelLabel: 'Nej, gå tillbaka',
      }),
    );
  }

  @Post('tavla/:id/ta-bort')
  async remove(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response) {
    const { board, organ } = await this.external(auth, id);
    await this.saveBoard.execute({ caller: auth, boardId: board.id, settings: { active: false }, ip: req.ip ?? null });
    res.redirect(303, `/admin/anslagstavlor/${organ.id}?klart=borttagen`);
  }
}
