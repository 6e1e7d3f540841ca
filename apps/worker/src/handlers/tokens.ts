/** Injection token of every JobHandler the worker has. */
export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
/** Injection token of the MailTransport (SMTP or the development outbox). */
export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
