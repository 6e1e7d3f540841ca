import { describeChanges, Protocol, ProtocolLike } from '@justera/protocol';

/** The Swedish lines describing what a corrected structured protocol changed (mail and audit trail). */
export function paragraphChanges(before: Protocol, after: Protocol): string[] {
  return describeChanges(before as unknown as ProtocolLike, after as unknown as ProtocolLike);
}
