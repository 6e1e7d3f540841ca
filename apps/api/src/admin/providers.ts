import { AdminApiKeyPagesController } from './admin-api-key-pages.controller';
import { AdminHomePagesController } from './admin-home-pages.controller';
import { AdminOrganPagesController } from './admin-organ-pages.controller';
import { AdminSettingsService } from './admin-settings.service';
import { AdminUserPagesController } from './admin-user-pages.controller';
import { ApiKeysService } from './api-keys.service';
import { InvitationPagesController } from './invitation-pages.controller';
import { InvitationsService } from './invitations.service';
import { OrganisationIdentityService } from './organisation-identity.service';
import { OrgansService } from './organs.service';
import { UsersService } from './users.service';

/** The admin area's services (each its own area; the rules they apply are in admin-rules.ts and organ-form.ts). */
export const ADMIN_API_PROVIDERS = [
  AdminSettingsService,
  OrgansService,
  UsersService,
  InvitationsService,
  ApiKeysService,
  OrganisationIdentityService,
];

/** The admin pages by area (server-rendered; the JSON API is AdminController). */
export const ADMIN_PAGE_CONTROLLERS = [
  AdminHomePagesController,
  AdminUserPagesController,
  AdminApiKeyPagesController,
  AdminOrganPagesController,
  InvitationPagesController,
];
