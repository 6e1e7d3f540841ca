export type { JusteringEvent, JusteringStore, JusteringUnitOfWork, ProtocolFacts, Round, Signatory, SigningLink, Version } from './ports';
export { organName, protocolRef, viewOf, type JusteringUseCaseConfig, type SignatoryActionCommand, type Tx } from './context';
export { IssueLink, type IssueLinkCommand, type LinkMailExtra } from './issue-link';
export { RemindSignatory, type RemindSignatoryCommand } from './remind-signatory';
export { ResendLink, type ResendLinkCommand } from './resend-link';
export { ChangeSignatoryEmail, ensureEmailFree, type ChangeSignatoryEmailCommand } from './change-signatory-email';
export { CancelJustering, type CancelJusteringCommand } from './cancel-justering';
