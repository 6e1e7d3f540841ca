/**
 * Mail for the justering workflow: the message model, the SMTP and development-outbox transports,
 * and the Swedish templates. Plain TypeScript (no Nest); the worker's mail processor is the glue.
 */
export type { MailMessage, MailTransport, SendResult } from './message';
export { MailMessageError, stableMessageId, domainOf, checkMessage, DEFAULT_HEADERS, mailFromTemplate } from './message';
export type { SmtpOptions, SmtpTransportOptions } from './smtp.transport';
export { SmtpMailTransport, SmtpConfigError, parseSmtpUrl, redactSmtpUrl } from './smtp.transport';
export type { OutboxMail, OutboxTransportOptions } from './outbox.transport';
export { OutboxMailTransport, DEFAULT_OUTBOX_DIR, extractLinks } from './outbox.transport';
export type { MailTransportConfig } from './transport.factory';
export { createMailTransport } from './transport.factory';
export type { RenderedMail, Block, LayoutInput, MailContact } from './templates/layout';
export { escapeHtml, formatDateSv, formatDateTimeSv, renderLayout, checkLink } from './templates/layout';
export type {
  SignerRole,
  ProtocolRef,
  Person,
  SigningInvitationData,
  ReminderData,
  ChangeRequestData,
  SignedNoticeData,
  AllSignedData,
  AllSignedPosting,
  DeadlineWarningData,
  DocumentReplacedData,
  SigningDelayedData,
  RoundCancelledData,
  IdentityMismatchData,
} from './templates/justering.templates';
export {
  roleLabelSv,
  signingInvitation,
  signingReminder,
  changeRequestNotice,
  signedNotice,
  allSignedNotice,
  deadlineWarning,
  documentReplaced,
  signingDelayed,
  roundCancelled,
  identityMismatchNotice,
} from './templates/justering.templates';
export type { AccountInvitationData } from './templates/account.templates';
export { accountInvitation } from './templates/account.templates';
