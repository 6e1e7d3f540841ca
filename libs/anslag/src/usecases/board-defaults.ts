import { DEFAULT_TAKE_DOWN_POLICY } from '@justera/legal-dates';
import type { Board } from './ports';

/**
 * The settings a new board starts with — Justera's own board made at an organ's first notice
 * (PostNotice) or by an admin (SaveBoard): posted as soon as the protocol is justerat, taken down the
 * day after the last appeal day, the PDF published, no contact of its own.
 */
export const BOARD_DEFAULTS = {
  postingMode: 'immediate',
  postingHour: null,
  takeDownPolicy: DEFAULT_TAKE_DOWN_POLICY,
  publishPdf: true,
  contact: null,
} as const satisfies Partial<Board>;

/**
 * Whether an organ's Justera board has the standard settings ("Standardinställningar" on the admin
 * page): it has none yet (one with the defaults is made at its first notice), or one never changed
 * from them (a blank contact counts as none).
 */
export function isStandardBoard(own: Pick<Board, 'postingMode' | 'takeDownPolicy' | 'publishPdf' | 'contact'> | null): boolean {
  return (
    !own ||
    (own.postingMode === BOARD_DEFAULTS.postingMode &&
      own.takeDownPolicy === BOARD_DEFAULTS.takeDownPolicy &&
      own.publishPdf === BOARD_DEFAULTS.publishPdf &&
      !own.contact?.trim())
  );
}
