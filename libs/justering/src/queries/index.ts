// The justering reads (docs/application.md): query classes over the JusteringReads port.
export type { DocumentNotice, JusteringReads } from './ports';
export { JusteringStatus, JusteringStatusList, type JusteringStatusQuery, type JusteringStatusListQuery, type JusteringStatusView, type RoundStatusView } from './justering-status';
export { LiveState, type LiveStateQuery, type LiveStateView } from './live-state';
export { AuditTrail, type AuditTrailQuery, type AuditTrailView } from './audit-trail';
export { RoundDocument, type RoundDocumentQuery } from './round-document';
export { LinkDocument, type LinkDocumentQuery } from './link-document';
export { JusteradeParagraphs, paragraphsJusteradeOnTheirOwn, type JusteradeParagraphsQuery } from './justerade-paragraphs';
export {
  ProtocolDocuments,
  ProtocolDocumentsList,
  protocolDocumentFileName,
  protocolDocuments,
  type ProtocolDocument,
  type ProtocolDocumentFacts,
  type ProtocolDocumentFileQuery,
  type ProtocolDocumentsListQuery,
  type ProtocolDocumentsQuery,
} from './protocol-documents';
