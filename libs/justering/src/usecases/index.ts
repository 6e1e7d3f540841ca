export type { JusteringEvent, JusteringStore, JusteringUnitOfWork, ProtocolFacts, Round, Signatory, SigningLink, Version } from './ports';
export type { RecordedEvent, SigningLinkStore, SigningLinkUnitOfWork } from './ports';
export type { PostingBoard, SigningLog, SigningStore, SigningUnitOfWork, StoredPdf } from './ports';
export type { ArchiveCandidate, ArchiveCheck, ArchiveRenewal, ArchiveRenewer, ArchiveState, ArchiveStore, ArchiveUnitOfWork } from './ports';
export {
  DOCUMENT_RENEWED,
  RenewArchives,
  RenewalGainsNothingError,
  type RenewalResult,
  type RenewArchivesConfig,
  type RenewArchivesResult,
} from './renew-archives';
// The all-empty signatory (start, the specs and the medium tests' seeds).
export { newSignatory, type SignatoryIdentity } from './new-signatory';
export { organName, protocolRef, viewOf, newTx, type JusteringUseCaseConfig, type SignatoryActionCommand, type Tx } from './context';
export { IssueLink, type IssueLinkCommand, type LinkMailExtra } from './issue-link';
export { RemindSignatory, type RemindSignatoryCommand } from './remind-signatory';
export { ResendLink, type ResendLinkCommand } from './resend-link';
export { ChangeSignatoryEmail, ensureEmailFree, type ChangeSignatoryEmailCommand } from './change-signatory-email';
export { CancelJustering, type CancelJusteringCommand } from './cancel-justering';
export { withLockedRound } from './locked-round';
export { SendReminder, type SendReminderCommand } from './send-reminder';
export { WarnDeadline, type WarnDeadlineCommand } from './warn-deadline';
export { ReplaceSignatory, type ReplaceSignatoryCommand } from './replace-signatory';
export {
  ClassifyLink,
  classifyLink,
  findLink,
  requireIdentity,
  type ClassifyLinkCommand,
  type LinkContext,
  type LinkVerdict,
  type SupersededNext,
} from './classify-link';
export { OpenLink, type OpenLinkCommand } from './open-link';
export { ApproveVersion, frozenDetails, type ApproveVersionCommand } from './approve-version';
export { RequestChanges, type RequestChangesCommand } from './request-changes';
// The secretary's start and corrected version, and the PDF they freeze.
export type { FreezeRequest, FrozenDocument, ProtocolFreezer } from './ports';
export { StartJustering, type StartJusteringCommand, type StartJusteringConfig } from './start-justering';
export { FreezeNewVersion, type FreezeNewVersionCommand } from './freeze-new-version';
// The worker's justering.sign and justering.reconcile-signing jobs.
export { AppendSignatures, identificationOf, type AppendSignaturesCommand } from './append-signatures';
export { CompleteRound, type CompleteRoundCommand } from './complete-round';
export { RecordSigningFailure, type RecordSigningFailureCommand } from './record-signing-failure';
export { ReconcileSigning, SIGNATURE_GRACE_MS } from './reconcile-signing';
// -- The e-legitimation step of a signing link (docs/identity.md).
export type { SigningIdentityAttempt, SigningIdentityAttempts } from './identity-attempts';
export {
  IDENTITY_ATTEMPT_TTL_MS,
  IDENTITY_ATTEMPTS_PER_LINK,
  IDENTITY_CALLBACK_PATH,
  IDENTITY_THROTTLE_WINDOW_MS,
  IDENTITY_VERIFIED_TTL_MS,
  identityFailureText,
  type IdentityFailure,
  type IdentityFailureCode,
  type SigningIdentityConfig,
  type SigningIdentityPorts,
} from './signing-identity';
export { BeginIdentification, type BeginIdentificationCommand, type BeginResult } from './begin-identification';
export { CompleteIdentification, type CompleteIdentificationCommand, type CompleteResult } from './complete-identification';
export { VerifiedIdentityForLink, type IdentityStep, type VerifiedIdentityForLinkCommand } from './verified-identity-for-link';
