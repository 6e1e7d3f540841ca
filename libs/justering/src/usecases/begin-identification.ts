import { randomUUID } from 'node:crypto';
import { DomainError, type RequestMeta } from '@justera/application';
import { sealText } from '@justera/auth';
import { IdentityError, type StartedAuthentication } from '@justera/identity';
import { ClassifyLink, type LinkVerdict } from './classify-link';
import type { SigningIdentityAttempt } from './identity-attempts';
import {
  IDENTITY_ATTEMPT_TTL_MS,
  IDENTITY_ATTEMPTS_PER_LINK,
  IDENTITY_THROTTLE_WINDOW_MS,
  type IdentityFailure,
  pendingContext,
  recordIdentityEvent,
  redirectUriOf,
  sha256Hex,
  type SigningIdentityPorts,
} from './signing-identity';

export interface BeginIdentificationCommand {
  /** The token from the link's URL, as presented. */
  token: string;
  /** The browser's binding cookie (random, made by the page controller when the browser has none). */
  browserSecret: string;
  meta: RequestMeta;
}

/** Off to the provider, the link's page (not open, or no e-legitimation needed), or why not. */
export type BeginResult = { redirectUrl: string } | { verdict: LinkVerdict } | { failure: IdentityFailure };

/**
 * BeginIdentification: "Identifiera dig med e-legitimation" on an open link of a round that requires
 * it. At most IDENTITY_ATTEMPTS_PER_LINK attempts per link in a quarter of an hour (`identity.throttled`);
 * a provider that cannot start is `identity.failed` and stores nothing. Otherwise the attempt is stored
 * with only the state's and the browser secret's hashes and the pending values (state, nonce, PKCE
 * verifier, the token) sealed, valid for ten minutes, and `identity.started` is audited. No provider
 * configured: `identity_unavailable`.
 */
export class BeginIdentification {
  private readonly classifyLink: ClassifyLink;

  constructor(private readonly ports: SigningIdentityPorts) {
    this.classifyLink = new ClassifyLink(ports.store, ports.clock);
  }

  async execute(command: BeginIdentificationCommand): Promise<BeginResult> {
    const { token, meta } = command;
    const { attempts, provider, config } = this.ports;
    const verdict = await this.classifyLink.execute({ token });
    if (verdict.kind !== 'open' || verdict.ctx.round.identityLevel !== 'e-legitimation') return { verdict };
    if (!provider) throw new DomainError('identity_unavailable');
    const linkId = verdict.ctx.link.id;
    const now = this.ports.clock.now();
    const recent = await attempts.countSince(linkId, new Date(now.getTime() - IDENTITY_THROTTLE_WINDOW_MS));
    if (recent >= IDENTITY_ATTEMPTS_PER_LINK) {
      await recordIdentityEvent(this.ports, linkId, 'identity.throttled', { attempts: recent }, meta);
      return { failure: { code: 'throttled', token, verdict } };
    }
    let started: StartedAuthentication;
    try {
      started = await provider.start(redirectUriOf(config));
    } catch (err) {
      const e = err instanceof IdentityError ? err : new IdentityError('provider_unavailable', String(err));
      const data = { provider: provider.label, code: e.code, detail: e.detail.slice(0, 300) };
      await recordIdentityEvent(this.ports, linkId, 'identity.failed', data, meta);
      return { failure: { code: e.code, token, verdict } };
    }
    const id = randomUUID();
    const attempt: SigningIdentityAttempt = {
      id,
      linkId,
      stateHash: sha256Hex(started.pending.state),
      browserHash: sha256Hex(command.browserSecret),
      pending: sealText(config.secret, JSON.stringify({ ...started.pending, token }), pendingContext(id)),
      createdAt: now,
      expiresAt: new Date(now.getTime() + IDENTITY_ATTEMPT_TTL_MS),
      finishedAt: null,
      outcome: null,
      identity: null,
      verifiedUntil: null,
    };
    await attempts.insert(attempt);
    await recordIdentityEvent(this.ports, linkId, 'identity.started', { provider: provider.label, attemptId: id }, meta);
    return { redirectUrl: started.redirectUrl };
  }
}
