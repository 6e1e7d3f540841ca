import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { DomainError } from '@justera/application';
import { AccessRepository, AdminRepository, OrganisationsRepository } from '@justera/persistence';
import { queueMailInTransaction } from '@justera/queue';
import { ensureAllowed } from '../auth/policy';
import type { AuthContext } from '../auth/auth-context';
import { AdminMeta, appendAdminAudit } from './admin-audit';
import { isActiveAdminOf, passwordLoginRefusal } from './admin-rules';

/**
 * The organisation's settings and trails: who is calling (GET /api/me), how staff log in, the admin
 * audit trail, and a test e-mail that proves mail works.
 */
@Injectable()
export class AdminSettingsService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly access: AccessRepository,
    private readonly admin: AdminRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Who is calling (GET /api/me), with the organisation's name: the workspace fills a new protocol's
   * "Organisation" from it. A session caller also gets its CSRF token: the workspace (apps/web) sends
   * it in x-csrf-token.
   */
  async me(auth: AuthContext) {
    const organisation = await this.organisations.findOrganisation(auth.principal.organisationId);
    return {
      name: auth.name,
      ...auth.principal,
      organisationName: organisation?.name ?? '',
      via: auth.via,
      ...(auth.via === 'session' && auth.csrfToken ? { csrfToken: auth.csrfToken } : {}),
    };
  }

  /** How the organisation's staff log in: password (on unless turned off) and single sign-on (configured for the installation). */
  async loginSettings(auth: AuthContext) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const org = await this.organisations.findOrganisation(organisationId);
    return { passwordLogin: org?.passwordLogin !== false, singleSignOn: !!this.config.staffSso };
  }

  /** Turns password login on or off (`passwordLoginRefusal` says when it may go off). Audited. */
  async setLoginSettings(auth: AuthContext, passwordLogin: boolean, meta: AdminMeta = { ip: null }) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const singleSignOn = !!this.config.staffSso;
    const withoutSso = passwordLoginRefusal({ passwordLogin, singleSignOn });
    if (withoutSso) throw withoutSso;
    const org = await this.organisations.findOrganisation(organisationId);
    if (!org) throw new DomainError('not_found');
    if (!passwordLogin) {
      const refusal = passwordLoginRefusal({ passwordLogin, singleSignOn, ssoAdmin: await this.anAdminHasLoggedInWithSso(organisationId) });
      if (refusal) throw refusal;
    }
    const was = org.passwordLogin !== false;
    if (was !== passwordLogin)
      await this.admin.unitOfWork(async (uow) => {
        await uow.setPasswordLogin(organisationId, passwordLogin);
        await appendAdminAudit(uow, auth, meta, 'organisation.login-updated', 'organisation', organisationId, { passwordLogin });
      });
    return { passwordLogin, singleSignOn };
  }

  /** An active admin of the organisation has a `login.sso` in the admin audit trail. */
  private async anAdminHasLoggedInWithSso(organisationId: string): Promise<boolean> {
    for (const id of await this.admin.ssoLoginUserIds(organisationId)) {
      if (isActiveAdminOf(organisationId, await this.access.findUser(id))) return true;
    }
    return false;
  }

  /** The organisation's newest staff logins and refused logins (admin audit trail, `login.*`). */
  async loginTrail(auth: AuthContext, limit = 30) {
    ensureAllowed(auth, 'organisation.admin', { organisationId: auth.principal.organisationId });
    return this.admin.listLoginAudit(auth.principal.organisationId, limit);
  }

  /** The newest administrative actions of the organisation. */
  async auditTrail(auth: AuthContext, limit = 50) {
    ensureAllowed(auth, 'organisation.admin', { organisationId: auth.principal.organisationId });
    return this.admin.listAudit(auth.principal.organisationId, limit);
  }

  /**
   * Queues a test e-mail: the delivery row and its job are written in one transaction (outbox), and the
   * worker sends it. Proves the whole chain API → database → Redis → worker → SMTP.
   */
  async sendTestMail(auth: AuthContext, to: string) {
    const organisationId = auth.principal.organisationId;
    ensureAllowed(auth, 'organisation.admin', { organisationId });
    const deliveryId = await this.admin.unitOfWork((uow) =>
      queueMailInTransaction(uow.manager, {
        organisationId,
        kind: 'admin.test',
        to,
        subject: 'Testmeddelande från Justera',
        text: `Hej!\n\nDetta är ett testmeddelande från Justera (${this.config.publicUrl}), skickat av ${auth.name}.\nOm du läser det här fungerar e-posten.\n\n(This is a test message from Justera.)\n`,
        html: `<p>Hej!</p><p>Detta är ett testmeddelande från Justera. Om du läser det här fungerar e-posten.</p><p lang="en">This is a test message from Justera.</p>`,
      }),
    );
    return { deliveryId, status: 'queued' };
  }

  async delivery(auth: AuthContext, id: string) {
    ensureAllowed(auth, 'organisation.admin', { organisationId: auth.principal.organisationId });
    const d = await this.admin.findDelivery(auth.principal.organisationId, id);
    if (!d) throw new DomainError('not_found', 'Utskicket finns inte.');
    return {
      id: d.id,
      to: d.toAddress,
      subject: d.subject,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      sentAt: d.sentAt,
      messageId: d.messageId,
    };
  }
}
