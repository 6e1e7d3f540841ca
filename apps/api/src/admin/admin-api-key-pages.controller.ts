import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { OrganisationsRepository } from '@justera/persistence';
import { Auth, AuthContext } from '../auth/auth-context';
import { pageUser } from '../auth/page-user';
import { ensureAllowed } from '../auth/policy';
import { renderAdminApiKeysPage, renderAdminConfirmPage } from '../views';
import { requestMeta } from './admin-audit';
import { doneText } from './admin-pages.model';
import { ApiKeysExtra, apiKeysPageModel, confirmRevokeModel, parseApiKeyForm } from './key-pages.model';
import { apiKeyFormIssues, apiKeyOrganIds } from './admin-rules';
import { ApiKeysService } from './api-keys.service';

/**
 * /admin/api-nycklar (docs/operations.md, "Administration"): the organisation's API keys, a new key (shown once, never kept by the
 * browser), and revoking one after a confirmation page. Every route asks the policy (apikeys.manage).
 */
@ApiExcludeController()
@Controller()
export class AdminApiKeyPagesController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly organisations: OrganisationsRepository,
  ) {}

  private async keysPage(auth: AuthContext, res: Response, status: number, extra: ApiKeysExtra = {}) {
    const [keys, organs] = await Promise.all([this.keys.listApiKeys(auth), this.organisations.listOrgans(auth.principal.organisationId)]);
    // The page that shows a new key must not be kept by the browser or a proxy.
    if (extra.created) res.setHeader('Cache-Control', 'no-store');
    const names = organs.map((o) => ({ id: o.id, name: o.name }));
    res
      .status(status)
      .type('html')
      .send(renderAdminApiKeysPage(apiKeysPageModel(pageUser(auth), keys, names, extra)));
  }

  @Get('admin/api-nycklar')
  async list(@Auth() auth: AuthContext, @Query('klart') done: unknown, @Res() res: Response) {
    await this.keysPage(auth, res, 200, { done: doneText(done) });
  }

  @Post('admin/api-nycklar')
  async create(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    ensureAllowed(auth, 'apikeys.manage', { organisationId: auth.principal.organisationId });
    const form = parseApiKeyForm(body);
    const known = new Set((await this.organisations.listOrgans(auth.principal.organisationId)).map((o) => o.id));
    const { role, errors } = apiKeyFormIssues(form, known);
    if (Object.keys(errors).length > 0 || !role) return this.keysPage(auth, res, 400, { form, errors });
    const created = await this.keys.createApiKey(
      auth,
      { name: form.name, role, organIds: apiKeyOrganIds(role, form.organIds) },
      requestMeta(req),
    );
    // Rendered, not redirected: the key exists in clear only in this one answer.
    await this.keysPage(auth, res, 201, { created: { name: created.name, key: created.key } });
  }

  @Get('admin/api-nycklar/:id/aterkalla')
  async confirmRevoke(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const k = await this.keys.apiKey(auth, id);
    if (k.revokedAt) return res.redirect(303, '/admin/api-nycklar');
    res.type('html').send(renderAdminConfirmPage(confirmRevokeModel(pageUser(auth), id, k)));
  }

  @Post('admin/api-nycklar/:id/aterkalla')
  async revoke(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await this.keys.revokeApiKey(auth, id, requestMeta(req));
    res.redirect(303, '/admin/api-nycklar?klart=aterkallad');
  }
}
