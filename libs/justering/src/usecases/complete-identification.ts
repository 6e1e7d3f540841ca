import { DomainError, type RequestMeta } from '@justera/application';
import { openText } from '@justera/auth';
import {
  auditedIdentity,
  IdentityError,
  namesMatch,
  type PendingAuthentication,
  storedIdentity,
  type VerifiedIdentity,
} from '@justera/identity';
import { ClassifyLink, type LinkVerdict } from './classify-link';
import type { SigningLog } from './ports';
import {
  IDENTITY_VERIFIED_TTL_MS,
  type IdentityFailure,
  type IdentityFailureCode,
  pendingContext,
  recordIdentityEvent,
  redirectUriOf,
  sha256Hex,
  type SigningIdentityPorts,
} from './signing-identity';

export interface CompleteIdentificationCommand {
  /** The callback's query string as the provider sent it (code, state, or an error). */
  callback: URLSearchParams;
  /** The browser's binding cookie, if it sent a well-formed one. */
  browserSecret: string | undefined;
  meta: RequestMeta;
}

/**
 * Verified (back to the link's page), the link closed while the signer was at the provider (its page,
 * no identity), or why it did not bind.
 */
export type CompleteResult = { token: string } | { verdict: LinkVerdict; token: string } | { failure: IdentityFailure };

/**
 * CompleteIdentification: the provider's callback. The attempt is found by its state's hash and must
 * come back to the browser that started it (its secret's hash), unfinished (a replayed callback is
 * `code_rejected`; of two concurrent ones exactly one claims it) and within its ten minutes
 * (`auth_too_old`). The provider checks the code, nonce and PKCE verifier; the verified name must match
 * the link's undertecknare (`name_mismatch`: `identity.mismatch` audited and the sekreterare mailed,
 * nothing bound). A match binds the identity to the link and that browser for fifteen minutes
 * (`identity.verified`, without the personal number's hash). Every failure with a known link is
 * `identity.failed`.
 */
export class CompleteIdentification {
  private readonly classifyLink: ClassifyLink;

  constructor(
    private readonly ports: SigningIdentityPorts,
    private readonly log?: Pick<SigningLog, 'warn'>,
  ) {
    this.classifyLink = new ClassifyLink(ports.store, ports.clock);
  }

  async execute(command: CompleteIdentificationCommand): Promise<CompleteResult> {
    const { callback, browserSecret, meta } = command;
    const { attempts, provider, config } = this.ports;
    const state = callback.get('state');
    if (!state || state.length > 512) return { failure: { code: 'state_mismatch', token: null } };
    const attempt = await attempts.findByStateHash(sha256Hex(state));
    if (!attempt) {
      this.log?.warn({}, 'identity callback with an unknown state');
      return { failure: { code: 'state_mismatch', token: null } };
    }
    const now = this.ports.clock.now();
    let pending: PendingAuthentication & { token: string };
    try {
      pending = JSON.parse(openText(config.secret, attempt.pending, pendingContext(attempt.id))) as typeof pending;
    } catch {
      return { failure: { code: 'state_mismatch', token: null } };
    }
    const token = pending.token;
    const fail = async (code: IdentityFailureCode, detail: string, extra: Partial<IdentityFailure> = {}) => {
      const data = { provider: provider?.label ?? null, attemptId: attempt.id, code, detail: detail.slice(0, 300) };
      await recordIdentityEvent(this.ports, attempt.linkId, 'identity.failed', data, meta);
      return { failure: { code, token, ...extra } };
    };
    if (!browserSecret || sha256Hex(browserSecret) !== attempt.browserHash)
      return fail('state_mismatch', 'the callback came to another browser than the one that started');
    if (attempt.finishedAt) return fail('code_rejected', 'the attempt was already finished (a replayed callback)');
    if (attempt.expiresAt.getTime() <= now.getTime()) return fail('auth_too_old', 'the attempt expired before the callback');
    if (!(await attempts.claim(attempt.id, now)))
      return fail('code_rejected', 'the attempt was finished concurrently (a replayed callback)');

    const verdict = await this.classifyLink.execute({ token });
    if (verdict.kind !== 'open') {
      await attempts.setOutcome(attempt.id, 'link_closed');
      return { verdict, token };
    }
    if (!provider) throw new DomainError('identity_unavailable');
    const redirectUri = redirectUriOf(config);
    let identity: VerifiedIdentity;
    try {
      const callbackUrl = new URL(redirectUri);
      for (const [k, v] of callback) callbackUrl.searchParams.append(k, v);
      identity = await provider.finish(callbackUrl, pending, redirectUri);
    } catch (err) {
      const e = err instanceof IdentityError ? err : new IdentityError('invalid_token', String(err));
      await attempts.setOutcome(attempt.id, e.code);
      return fail(e.code, e.detail, { verdict });
    }
    const sig = verdict.ctx.signatory;
    if (!namesMatch(sig.name, identity)) {
      await attempts.setOutcome(attempt.id, 'name_mismatch');
      await recordIdentityEvent(
        this.ports,
        attempt.linkId,
        'identity.mismatch',
        { attemptId: attempt.id, expectedName: sig.name, ...auditedIdentity(identity) },
        meta,
        { verifiedName: identity.name, provider: identity.provider },
      );
      return { failure: { code: 'name_mismatch', token, verdict, names: { verified: identity.name, expected: sig.name } } };
    }
    await attempts.setOutcome(attempt.id, 'verified', {
      identity: JSON.stringify(storedIdentity(identity)),
      verifiedUntil: new Date(now.getTime() + IDENTITY_VERIFIED_TTL_MS),
    });
    await recordIdentityEvent(
      this.ports,
      attempt.linkId,
      'identity.verified',
      { attemptId: attempt.id, ...auditedIdentity(identity) },
      meta,
    );
    return { token };
  }
}
