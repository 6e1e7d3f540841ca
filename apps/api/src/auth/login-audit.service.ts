import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AdminRepository } from '@justera/persistence';

/** How a staff member logged in (or tried to). */
export type LoginMethod = 'password' | 'sso';

/** Why a login of a known account was refused. */
export type LoginRefusal =
  'wrong_password' | 'disabled' | 'password_login_off' | 'email_not_verified' | 'missing_claim' | 'unknown_account' | 'throttled';

export interface LoginEvent {
  organisationId: string;
  userId: string;
  method: LoginMethod;
  ip: string;
  /** Set for a refusal. */
  refused?: LoginRefusal;
  /** The provider's issuer and subject (single sign-on); never a token. */
  iss?: string;
  sub?: string;
}

/**
 * Staff logins into the organisation's admin audit trail (`admin_audit_events`, docs/security.md):
 * `login.password` and `login.sso` for a session made, `login.refused` for a refusal of a known account
 * (the reason and the method in `detail`). An address that is no account has no organisation to
 * record it in: that refusal is only logged. Best effort: a failed write is logged and does not change
 * the login's answer.
 */
@Injectable()
export class LoginAuditService {
  private readonly logger = new Logger('LoginAudit');

  constructor(private readonly admin: AdminRepository) {}

  async record(e: LoginEvent): Promise<void> {
    const detail: Record<string, string> = { method: e.method };
    if (e.refused) detail.reason = e.refused;
    if (e.iss) detail.iss = e.iss.slice(0, 300);
    if (e.sub) detail.sub = e.sub.slice(0, 300);
    try {
      await this.admin.unitOfWork((uow) =>
        uow.appendAudit({
          id: randomUUID(),
          organisationId: e.organisationId,
          // A refusal is somebody trying the account, not the account's owner.
          actor: e.refused ? 'login' : `user:${e.userId}`,
          action: e.refused ? 'login.refused' : `login.${e.method}`,
          targetType: 'user',
          targetId: e.userId,
          detail: JSON.stringify(detail),
          ip: e.ip ? e.ip.slice(0, 64) : null,
          at: new Date(),
        }),
      );
    } catch (err) {
      this.logger.error(`login of user ${e.userId} (${e.refused ?? 'ok'}) not recorded in the admin audit trail: ${String(err)}`);
    }
  }
}
