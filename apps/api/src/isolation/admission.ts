/**
 * Admission control for the public validation routes, decided before the upload is read: at most
 * `perIp` validations in flight per client address (429) and at most `total` per api process (503),
 * each with Retry-After. A request holds its place until its answer is sent or the client goes away.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { renderErrorPage } from '../views';
import { normaliseIp } from '@justera/auth';

export interface AdmissionOptions {
  perIp: number;
  total: number;
  retryAfterSeconds: number;
}

export interface Admission extends RequestHandler {
  readonly inFlight: () => number;
}

export function admission(opts: AdmissionOptions, log: (message: string) => void = () => undefined): Admission {
  const perClient = new Map<string, number>();
  let total = 0;
  const refuse = (req: Request, res: Response, status: 429 | 503, message: string) => {
    res.setHeader('Retry-After', String(opts.retryAfterSeconds));
    res.status(status);
    const wantsJson = req.path.startsWith('/api') || !(req.headers.accept ?? '').includes('text/html');
    if (wantsJson) res.json({ statusCode: status, error: status === 429 ? 'too_many_requests' : 'busy', message });
    else res.type('html').send(renderErrorPage({ status, message }));
    req.resume(); // drain the unread upload so the connection can be reused
  };
  const handler = ((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    const key = normaliseIp(req.ip ?? req.socket.remoteAddress ?? '');
    const mine = perClient.get(key) ?? 0;
    if (mine >= opts.perIp || total >= opts.total) log(`validation refused for ${key}: ${mine} of this client's and ${total} in all in flight`);
    if (mine >= opts.perIp) return refuse(req, res, 429, `Du har redan ${mine} filer under granskning. Vänta tills de är klara och försök igen.`);
    if (total >= opts.total) return refuse(req, res, 503, 'Servern granskar många filer just nu. Försök igen om en stund.');
    perClient.set(key, mine + 1);
    total++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      total--;
      const n = (perClient.get(key) ?? 1) - 1;
      if (n <= 0) perClient.delete(key);
      else perClient.set(key, n);
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  }) as Admission;
  Object.defineProperty(handler, 'inFlight', { value: () => total });
  return handler;
}
