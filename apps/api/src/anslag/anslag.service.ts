import { Inject, Injectable } from '@nestjs/common';
import { ListProtocolNotices, ProtocolNoticeStatus, TIME_ZONE, type Clock } from '@justera/anslag';
import { isoDateInTimeZone } from '@justera/legal-dates';
import type { AuthContext } from '../auth/auth-context';

export const API_CLOCK = Symbol('API_CLOCK');

/**
 * What the api's justering pages (the dashboard, the live status) and the secretary's page read of
 * anslag: libs/anslag's queries `ListProtocolNotices` and `ProtocolNoticeStatus`, and today's Swedish
 * date. The reads themselves and their rules are in libs/anslag/src/queries.
 */
@Injectable()
export class AnslagService {
  constructor(
    private readonly protocolNotices: ListProtocolNotices,
    private readonly status: ProtocolNoticeStatus,
    @Inject(API_CLOCK) private readonly clock: Clock,
  ) {}

  /** Today (Swedish date) for an organisation (a test clock may differ per organisation). */
  today(organisationId: string): string {
    return isoDateInTimeZone(this.clock.now(organisationId), TIME_ZONE);
  }

  listNotices(auth: AuthContext, protocolId?: string) {
    return this.protocolNotices.execute({ caller: auth, protocolId });
  }

  noticeStates(auth: AuthContext, protocolId: string) {
    return this.status.execute({ caller: auth, protocolId });
  }
}
