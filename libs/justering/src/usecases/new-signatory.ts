import type { Signatory } from './ports';

/** Who a signatory is and where they sign; the rest starts empty (`newSignatory`). */
export type SignatoryIdentity = Pick<Signatory, 'id' | 'roundId' | 'role' | 'name' | 'email' | 'position'>;

/**
 * A signatory who has done nothing yet: waiting, no mail sent, no approval, change request, reminder
 * or signature. `over` sets what differs (a spec's sent or signed signatory). The one place the empty
 * fields are listed: a new field is added here, not in every literal.
 */
export function newSignatory(who: SignatoryIdentity, over: Partial<Signatory> = {}): Signatory {
  return {
    ...who,
    state: 'waiting',
    sentAt: null,
    openedAt: null,
    signedAt: null,
    signedSha256: null,
    signedTransactionId: null,
    changeRequestedAt: null,
    changeComment: null,
    remindersSent: 0,
    lastRemindedAt: null,
    signatureAppliedAt: null,
    signatureMethod: null,
    identity: null,
    ...over,
  };
}
