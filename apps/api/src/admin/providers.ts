import { AdminSettingsService } from './admin-settings.service';
import { ApiKeysService } from './api-keys.service';
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
