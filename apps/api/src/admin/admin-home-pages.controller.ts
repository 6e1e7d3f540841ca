import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { OrganisationsRepository } from '@justera/persistence';
import { Auth, AuthContext } from '../auth/auth-context';
import { pageUser } from '../auth/page-user';
import { ensureAllowed } from '../auth/policy';
import { renderAdminHomePage } from '../views';
import { AdminSettingsService } from './admin-settings.service';
import { auditLines } from './admin-pages.model';
import { ApiKeysService } from './api-keys.service';
import { UsersService } from './users.service';

/**
 * /admin (docs/operations.md, "Administration"): what an admin of the organisation can manage, and the newest administrative
 * actions in Swedish (admin-pages.model.ts `auditLines`). The other admin pages have controllers of
 * their own: users, organs, API keys, login, the organisation's name, the anslagstavlor.
 */
@ApiExcludeController()
@Controller()
export class AdminHomePagesController {
  constructor(
    private readonly settings: AdminSettingsService,
    private readonly users: UsersService,
    private readonly keys: ApiKeysService,
    private readonly organisations: OrganisationsRepository,
  ) {}

  @Get('admin')
  async home(@Auth() auth: AuthContext, @Res() res: Response) {
    ensureAllowed(auth, 'organisation.admin', { organisationId: auth.principal.organisationId });
    const [organisation, events, users, keys, organs] = await Promise.all([
      this.organisations.findOrganisation(auth.principal.organisationId),
      this.settings.auditTrail(auth, 30),
      this.users.listUsers(auth),
      this.keys.listApiKeys(auth),
      this.organisations.listOrgans(auth.principal.organisationId),
    ]);
    res.type('html').send(
      renderAdminHomePage({
        user: pageUser(auth),
        organisation: organisation?.name ?? '',
        audit: auditLines(events, { organisation: organisation?.name ?? null, users, keys, organs }),
      }),
    );
  }
}
