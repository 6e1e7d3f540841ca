import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@justera/application';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { Auth, AuthContext } from '../auth/auth-context';
import { pageUser } from '../auth/page-user';
import { httpStatusOf } from '../common/errors';
import { FieldErrors, renderAdminOrganisationPage } from '../views';
import { ORGANISATION_NAME_MAX, OrganisationIdentityService } from './organisation-identity.service';

const DONE_SV: Record<string, string> = {
  sparat: 'Namnet är sparat. Nya underskrifter och stämplar får det nya namnet; redan undertecknade protokoll ändras inte.',
  oforandrat: 'Namnet var redan detsamma; inget ändrades.',
};

/**
 * /admin/organisation (docs/operations.md, "Administration"): the organisation's identity — its name, which the pages, the
 * anslagsbevis and every new signer certificate and seal carry — for the organisation's admin only
 * (the service asks the policy), with the session's CSRF token, audited as `organisation.renamed`.
 */
@ApiExcludeController()
@Controller('admin/organisation')
export class AdminOrganisationPagesController {
  constructor(
    private readonly identity: OrganisationIdentityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async page(
    auth: AuthContext,
    res: Response,
    status: number,
    extra: { form?: { name: string }; errors?: FieldErrors; done?: string } = {},
  ) {
    const o = await this.identity.identity(auth);
    res
      .status(status)
      .type('html')
      .send(
        renderAdminOrganisationPage({
          user: pageUser(auth),
          organisation: { name: o.name, slug: o.slug, boardUrl: `${this.config.publicUrl}/anslagstavla/${o.slug}` },
          form: extra.form ?? { name: o.name },
          nameMax: ORGANISATION_NAME_MAX,
          errors: extra.errors,
          done: extra.done,
        }),
      );
  }

  @Get()
  async show(@Auth() auth: AuthContext, @Query('klart') done: unknown, @Res() res: Response) {
    await this.page(auth, res, 200, { done: typeof done === 'string' && Object.hasOwn(DONE_SV, done) ? DONE_SV[done] : undefined });
  }

  @Post()
  async save(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const name = typeof body.name === 'string' ? body.name.slice(0, 1000) : '';
    let changed: boolean;
    try {
      changed = await this.identity.rename(auth, name, { ip: req.ip ?? null });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'invalid_request') throw err;
      const errors: FieldErrors = {};
      for (const d of (err.details as { path: string; message: string }[] | undefined) ?? []) (errors[d.path] ??= []).push(d.message);
      return this.page(auth, res, httpStatusOf(err), { form: { name }, errors });
    }
    res.redirect(303, `/admin/organisation?klart=${changed ? 'sparat' : 'oforandrat'}`);
  }
}
