import type { Principal } from '@justera/auth';
import type { JobName, JobPayloads } from '@justera/queue';

/** One e-mail to queue: a mail_deliveries row and its `mail.send` job, committed with the change. */
export interface MailToQueue {
  organisationId: string | null;
  /** What the mail is about, e.g. "justering.invitation". */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * The transaction a use case runs in. Everything a use case writes in one `execute` — its rows, the
 * jobs it causes (outbox rows, relayed after the commit) and its mail — commits or rolls back together.
 * Each aggregate's unit of work (justering, anslag) extends this with its repositories and its audit
 * event type; the TypeORM implementations live in libs/persistence, in-memory ones in the specs.
 */
export interface UnitOfWork<AuditEvent> {
  /** Records a job to run after the commit (the transactional outbox). Returns the job id. */
  enqueue<K extends JobName>(name: K, payload: JobPayloads[K], options?: { delayMs?: number }): Promise<string>;
  /** Queues one e-mail; it is sent after the commit. Returns the delivery id. */
  queueMail(mail: MailToQueue): Promise<string>;
  /** Appends one event to the aggregate's audit trail. */
  appendAudit(event: AuditEvent): Promise<void>;
}

/** Who did something, in the one form every audit trail stores. */
export type Actor = `user:${string}` | `apikey:${string}` | `signatory:${string}` | 'system';

/** The caller of a use case from the api: the policy principal and how it proved itself. */
export interface Caller {
  principal: Principal;
  via: 'session' | 'apiKey';
}

/**
 * "user:<id>" for a session, "apikey:<key id>" for an API key. The api's principal of an API key
 * already carries `apikey:<key id>` as its user id; that is kept as it is (not "apikey:apikey:…").
 */
export function actorOf(caller: Caller): Actor {
  const id = caller.principal.userId;
  if (caller.via !== 'apiKey') return `user:${id}`;
  return id.startsWith('apikey:') ? (id as Actor) : `apikey:${id}`;
}

/**
 * Reads an actor written by any version: anslag rows written before the actors were unified hold a
 * bare user id (a UUID), which means "user:<id>".
 */
export function normaliseActor(stored: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(stored) ? `user:${stored}` : stored;
}

/** Where a request came from, for the audit trail. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export const NO_REQUEST: RequestMeta = { ip: null, userAgent: null };

/** The time, injectable so specs and tests never wait. */
export interface Clock {
  now(): Date;
}

export const SYSTEM_CLOCK: Clock = { now: () => new Date() };
