import type { ProtocolEntity } from '@justera/persistence';
import { issueView, type SavedProtocol, type StoredProtocol } from '@justera/protocol';

/** What the api answers for a protocol (an entity of the list, or a use case's stored protocol). */
export function view(p: StoredProtocol | ProtocolEntity) {
  return {
    id: p.id,
    organId: p.organId,
    source: p.source,
    status: p.status,
    title: p.title,
    meetingDate: p.meetingDate,
    rowVersion: p.rowVersion,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(p.source === 'structured' ? { protocol: p.data } : { metadata: p.data, documentId: p.documentId }),
  };
}

/** A draft's answer: the protocol with the issues left before it is complete. */
export const withIssues = (saved: SavedProtocol) => ({ ...view(saved.protocol), errors: saved.errors.map(issueView), warnings: saved.warnings.map(issueView) });
