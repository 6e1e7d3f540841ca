import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { type NoticeStatus, ProtocolNoticeStatus } from '@justera/anslag';
import { LiveState, type LiveStateView } from '@justera/justering';
import type { AuthContext } from '../auth/auth-context';

export type LiveStatus = LiveStateView & {
  notices: NoticeStatus[];
  /** A short hash of everything above: it changes when anything a page shows about the round changes. */
  stamp: string;
};

/**
 * The live status of a protocol's justering (docs/justering.md, "Live status"): what the workspace's
 * protocol page and the dashboard poll to update themselves without a reload. Read from the database
 * only (protocol, rounds, signatories, notices), no PDF and no audit trail, and answered with an ETag so
 * that an unchanged poll is a 304 with no body.
 */
@Injectable()
export class LiveStatusService {
  constructor(
    private readonly liveState: LiveState,
    private readonly noticeStatus: ProtocolNoticeStatus,
  ) {}

  async of(auth: AuthContext, protocolId: string): Promise<LiveStatus> {
    const state = await this.liveState.execute({ caller: auth, protocolId });
    const notices = await this.noticeStatus.execute({ caller: auth, protocolId });
    const stamp = createHash('sha256')
      .update(JSON.stringify({ ...state, notices }))
      .digest('hex')
      .slice(0, 20);
    return { ...state, notices, stamp };
  }
}
