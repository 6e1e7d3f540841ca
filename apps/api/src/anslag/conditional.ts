import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { notFound } from '@justera/application';
import { type PublicBoard, type PublicNotice, takeDownInstant, zonedInstant } from '@justera/anslag';

/**
 * HTTP validators for the public board (RFC 9110 §8.8, §13): a weak ETag derived from what a page is
 * made of (never from its rendered bytes, so a match answers 304 before anything is rendered) and a
 * Last-Modified instant.
 */
export interface Validators {
  etag: string;
  lastModified: Date;
}

/** The Cache-Control of the public board's pages and feeds: shared caches may keep them a minute, then must ask. */
export const BOARD_CACHE_CONTROL = 'public, max-age=60, must-revalidate';

/** W/"<sha-256 of the parts, 32 hex>": the parts must name everything the representation depends on. */
export function weakEtag(parts: readonly unknown[]): string {
  return `W/"${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)}"`;
}

/** The latest of the given instants (nulls ignored); the epoch when there are none. */
export function latest(...instants: (Date | null | undefined)[]): Date {
  return new Date(Math.max(0, ...instants.filter((d): d is Date => !!d).map((d) => d.getTime())));
}

/** The entity-tags of an If-None-Match header ("*" stays "*"). */
function entityTags(header: string): string[] {
  if (header.trim() === '*') return ['*'];
  return header.match(/(?:W\/)?"[^"]*"/g) ?? [];
}

/** Weak comparison (RFC 9110 §8.8.3.2): the opaque tags are equal, W/ or not. */
const opaque = (tag: string) => tag.replace(/^W\//, '');

/**
 * Whether a GET/HEAD may be answered 304 Not Modified (RFC 9110 §13.2.2): If-None-Match decides when
 * present (weak comparison); otherwise If-Modified-Since, to the second.
 */
export function notModified(headers: { 'if-none-match'?: string; 'if-modified-since'?: string }, v: Validators): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) return entityTags(inm).some((t) => t === '*' || opaque(t) === opaque(v.etag));
  const ims = headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  if (Number.isNaN(since)) return false;
  return Math.floor(v.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

/**
 * The Last-Modified header to send at `now`, or null. HTTP dates have whole seconds, so a change later
 * in the same second as the last one would look unmodified to If-Modified-Since; like RFC 9110
 * §8.8.2.2 advises, a last modification less than a second ago is not sent (the ETag still is).
 * An instant after `now` (only a test clock ahead of the real one makes one) is sent as `now`.
 */
export function lastModifiedHeader(lastModified: Date, now: Date): string | null {
  if (now.getTime() - lastModified.getTime() < 1000 && lastModified.getTime() <= now.getTime()) return null;
  return new Date(Math.min(lastModified.getTime(), now.getTime())).toUTCString();
}

/** What every public representation also depends on: the installed version (the templates) and the public URL. */
export interface Installation {
  version: string;
  publicUrl: string;
}

/**
 * The validators of a board page or feed (`what` names the representation: page, list, format).
 * They change when a notice is posted, taken down or changed (the board version: count, archived
 * count, latest `updated_at`), when the Swedish date changes (a notice leaves the current list on
 * its take-down date without any write), and with the organisation's name, the public URL and the
 * installed version. Nothing is rendered to compute them.
 */
export function boardValidators(i: Installation, b: PublicBoard, what: readonly unknown[]): Validators {
  const o = b.organisation;
  const v = b.version;
  return {
    etag: weakEtag([i.version, i.publicUrl, o.id, o.slug, o.name, b.today, v.notices, v.archived, v.updatedAt?.toISOString() ?? null, ...what]),
    lastModified: latest(v.updatedAt, o.createdAt, zonedInstant(b.today, 0)),
  };
}

/**
 * The validators of a notice page: its row (every write sets `updated_at`), its state by today's
 * date, and the organisation. Last-Modified includes the take-down instant once it has passed.
 */
export function noticeValidators(i: Installation, b: PublicBoard, { notice: n, state }: PublicNotice): Validators {
  const o = b.organisation;
  const takenDownByDate = state === 'archived' && n.takeDownDate ? takeDownInstant(n.takeDownDate) : null;
  return {
    etag: weakEtag([
      i.version,
      i.publicUrl,
      o.id,
      o.slug,
      o.name,
      n.id,
      n.updatedAt.toISOString(),
      state,
      n.bevisDocumentId,
      n.filledDocumentId,
      n.takenDownAt?.toISOString() ?? null,
    ]),
    lastModified: latest(n.updatedAt, o.createdAt, takenDownByDate && takenDownByDate.getTime() <= b.now.getTime() ? takenDownByDate : null),
  };
}

/** `?sida=N` (from 1); anything else than a page number is 404. */
export function pageParam(sida: string | undefined): number {
  if (sida === undefined) return 1;
  if (!/^[1-9][0-9]{0,5}$/.test(sida)) throw notFound('Sidan');
  return Number(sida);
}

/**
 * Sends a public page or feed with its validators: 304 without rendering when the client's copy is
 * still good (If-None-Match, else If-Modified-Since), otherwise `render()`.
 */
export async function sendCached(req: Request, res: Response, v: Validators, type: string, render: () => string | Promise<string>): Promise<void> {
  res.set('Cache-Control', BOARD_CACHE_CONTROL).set('ETag', v.etag);
  const lm = lastModifiedHeader(v.lastModified, new Date());
  if (lm) res.set('Last-Modified', lm);
  if (notModified(req.headers, v)) {
    res.status(304).end();
    return;
  }
  res.type(type).send(await render());
}
