import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { openText, sealText } from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import {
  auditedIdentity,
  fromStored,
  IdentityError,
  IdentityErrorCode,
  IdentityProvider,
  identityErrorText,
  namesMatch,
  OidcIdentityProvider,
  personalNumberKey,
  storedIdentity,
  VerifiedIdentity,
} from '@justera/identity';
import { identityMismatchNotice } from '@justera/mail';
import { ClassifyLink, findLink, type JusteringStore, type LinkVerdict, type ProtocolFacts } from '@justera/justering';
import { JUSTERING_STORE, SigningIdentityAttempt, SigningIdentityAttemptsRepository } from '@justera/persistence';
import { DomainError } from '@justera/application';
import type { RequestMeta } from './justering.service';

/** The callback path registered at the provider (docs/identity.md). */
export const IDENTITY_CALLBACK_PATH = '/sign/identitet/tillbaka';
/** An attempt must come back from the provider within this time. */
const ATTEMPT_TTL_MS = 10 * 60_000;
/** A verified identity may be used to approve or request a change on its link for this long. */
const VERIFIED_TTL_MS = 15 * 60_000;
/** At most this many attempts per link within THROTTLE_WINDOW_MS. */
export const IDENTITY_ATTEMPTS_PER_LINK = 10;
const THROTTLE_WINDOW_MS = 15 * 60_000;

/** Nest token of the signer's IdentityProvider (a spec's fake); by default the OIDC adapter from AppConfig.oidc. */
export const SIGNING_IDENTITY_PROVIDER = Symbol('SIGNING_IDENTITY_PROVIDER');

export type IdentityFailureCode = IdentityErrorCode | 'name_mismatch' | 'throttled';

/** What the signer is told when an identification did not bind (a page in the site's layout). */
export interface IdentityFailure {
  code: IdentityFailureCode;
  message: string;
  /** The link's token when known (to try again), else null. */
  token: string | null;
  verdict?: LinkVerdict;
  names?: { verified: string; expected: string };
}

export type BeginResult = { redirectUrl: string } | { verdict: LinkVerdict } | { failure: IdentityFailure };
export type CompleteResult = { token: string } | { verdict: LinkVerdict; token: string } | { failure: IdentityFailure };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The e-legitimation step of a signing link (docs/identity.md): starts an authentication at the
 * configured provider for a link whose round requires it, finishes it from the callback, checks the
 * verified name against the link's undertecknare and binds the identity to that link and that browser
 * for a short time. Every attempt and its outcome joins the protocol's audit trail.
 */
@Injectable()
export class SigningIdentityService {
  private readonly logger = new Logger(SigningIdentityService.name);
  readonly provider: IdentityProvider | null;

  constructor(
    @Inject(JUSTERING_STORE) private readonly store: JusteringStore,
    private readonly attempts: SigningIdentityAttemptsRepository,
    private readonly classifyLink: ClassifyLink,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(SIGNING_IDENTITY_PROVIDER) provider?: IdentityProvider | null,
  ) {
    const o = config.oidc;
    this.provider =
      provider !== undefined
        ? provider
        : o
          ? new OidcIdentityProvider({ ...o, personalNumberKey: personalNumberKey(config.secret) })
          : null;
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}${IDENTITY_CALLBACK_PATH}`;
  }

  private failure(code: IdentityFailureCode, token: string | null, extra: Partial<IdentityFailure> = {}): IdentityFailure {
    const message =
      code === 'name_mismatch'
        ? 'Namnet i din e-legitimation stämmer inte med namnet på den som ska justera med den här länken. Ingenting har godkänts, och sekreteraren har fått besked.'
        : code === 'throttled'
          ? 'För många försök att identifiera dig med den här länken. Vänta en kvart och försök igen.'
          : identityErrorText(code);
    return { code, message, token, ...extra };
  }

  /** Appends an identity event to the link's protocol chain (and queues the secretary's mail). */
  private async record(
    linkId: string,
    type: string,
    data: Record<string, unknown>,
    meta: RequestMeta,
    mismatch?: { verifiedName: string; provider: string },
  ) {
    await this.store.unitOfWork(async (uow) => {
      const link = await uow.link(linkId);
      if (!link) return;
      const round = (await uow.round(link.roundId))!;
      const p = await uow.lockProtocol(round.organisationId, round.protocolId);
      if (!p) return;
      const sigs = await uow.signatories(round.id);
      const sig = sigs.find((s) => s.id === link.signatoryId)!;
      const now = new Date();
      const tx = randomUUID();
      await uow.appendAudit({
        organisationId: round.organisationId,
        protocolId: round.protocolId,
        roundId: round.id,
        type,
        at: now,
        actor: `signatory:${sig.id}`,
        ip: meta.ip,
        userAgent: meta.userAgent,
        transactionId: tx,
        data: { signatoryId: sig.id, linkId, ...data },
      });
      if (mismatch) {
        const secretary = sigs.find((s) => s.role === 'sekreterare');
        if (secretary) {
          const version = await uow.version(link.versionId);
          const mail = identityMismatchNotice({
            secretaryName: secretary.name,
            signer: { name: sig.name, role: sig.role },
            verifiedName: mismatch.verifiedName,
            provider: mismatch.provider,
            protocol: protocolRef(p, round.paragraphs, version?.sha256),
            link: `${this.config.publicUrl}/justering/${p.id}`,
          });
          await uow.queueMail({
            organisationId: round.organisationId,
            kind: 'justering.identity-mismatch',
            to: secretary.email,
            ...mail,
          });
        }
      }
    });
  }

  /** Starts the e-legitimation for an open link of a round that requires it. */
  async begin(token: string, browserSecret: string, meta: RequestMeta): Promise<BeginResult> {
    const verdict = await this.classifyLink.execute({ token });
    if (verdict.kind !== 'open' || verdict.ctx.round.identityLevel !== 'e-legitimation') return { verdict };
    if (!this.provider) throw new DomainError('identity_unavailable');
    const linkId = verdict.ctx.link.id;
    const now = new Date();
    const recent = await this.attempts.countSince(linkId, new Date(now.getTime() - THROTTLE_WINDOW_MS));
    if (recent >= IDENTITY_ATTEMPTS_PER_LINK) {
      await this.record(linkId, 'identity.throttled', { attempts: recent }, meta);
      return { failure: this.failure('throttled', token, { verdict }) };
    }
    let started;
    try {
      started = await this.provider.start(this.redirectUri);
    } catch (err) {
      const e = err instanceof IdentityError ? err : new IdentityError('provider_unavailable', String(err));
      await this.record(linkId, 'identity.failed', { provider: this.provider.label, code: e.code, detail: e.detail.slice(0, 300) }, meta);
      return { failure: this.failure(e.code, token, { verdict }) };
    }
    const id = randomUUID();
    const attempt: SigningIdentityAttempt = {
      id,
      linkId,
      stateHash: sha256(started.pending.state),
      browserHash: sha256(browserSecret),
      pending: sealText(this.config.secret, JSON.stringify({ ...started.pending, token }), `identity-attempt:${id}`),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ATTEMPT_TTL_MS),
      finishedAt: null,
      outcome: null,
      identity: null,
      verifiedUntil: null,
    };
    await this.attempts.insert(attempt);
    await this.record(linkId, 'identity.started', { provider: this.provider.label, attemptId: id }, meta);
    return { redirectUrl: started.redirectUrl };
  }

  /** Finishes it from the provider's callback (the query string), in the browser that started it. */
  async complete(query: URLSearchParams, browserSecret: string | undefined, meta: RequestMeta): Promise<CompleteResult> {
    const state = query.get('state');
    if (!state || state.length > 512) return { failure: this.failure('state_mismatch', null) };
    const attempt = await this.attempts.findByStateHash(sha256(state));
    if (!attempt) {
      this.logger.warn('identity callback with an unknown state');
      return { failure: this.failure('state_mismatch', null) };
    }
    const now = new Date();
    let pending: { state: string; nonce: string; codeVerifier: string; token: string };
    try {
      pending = JSON.parse(openText(this.config.secret, attempt.pending, `identity-attempt:${attempt.id}`)) as typeof pending;
    } catch {
      return { failure: this.failure('state_mismatch', null) };
    }
    const token = pending.token;
    const fail = async (code: IdentityFailureCode, detail: string, extra: Partial<IdentityFailure> = {}) => {
      await this.record(
        attempt.linkId,
        'identity.failed',
        { provider: this.provider?.label ?? null, attemptId: attempt.id, code, detail: detail.slice(0, 300) },
        meta,
      );
      return { failure: this.failure(code, token, extra) };
    };
    if (!browserSecret || sha256(browserSecret) !== attempt.browserHash)
      return fail('state_mismatch', 'the callback came to another browser than the one that started');
    if (attempt.finishedAt) return fail('code_rejected', 'the attempt was already finished (a replayed callback)');
    if (attempt.expiresAt.getTime() <= now.getTime()) return fail('auth_too_old', 'the attempt expired before the callback');
    if (!(await this.attempts.claim(attempt.id, now)))
      return fail('code_rejected', 'the attempt was finished concurrently (a replayed callback)');
    const setOutcome = (outcome: string, verified?: { identity: string; verifiedUntil: Date }) =>
      this.attempts.setOutcome(attempt.id, outcome, verified);

    const verdict = await this.classifyLink.execute({ token });
    if (verdict.kind !== 'open') {
      await setOutcome('link_closed');
      return { verdict, token };
    }
    if (!this.provider) throw new DomainError('identity_unavailable');
    let identity: VerifiedIdentity;
    try {
      const callbackUrl = new URL(this.redirectUri);
      for (const [k, v] of query) callbackUrl.searchParams.append(k, v);
      identity = await this.provider.finish(callbackUrl, pending, this.redirectUri);
    } catch (err) {
      const e = err instanceof IdentityError ? err : new IdentityError('invalid_token', String(err));
      await setOutcome(e.code);
      return fail(e.code, e.detail, { verdict });
    }
    const sig = verdict.ctx.signatory;
    if (!namesMatch(sig.name, identity)) {
      await setOutcome('name_mismatch');
      await this.record(
        attempt.linkId,
        'identity.mismatch',
        { attemptId: attempt.id, expectedName: sig.name, ...auditedIdentity(identity) },
        meta,
        { verifiedName: identity.name, provider: identity.provider },
      );
      return { failure: this.failure('name_mismatch', token, { verdict, names: { verified: identity.name, expected: sig.name } }) };
    }
    await setOutcome('verified', {
      identity: JSON.stringify(storedIdentity(identity)),
      verifiedUntil: new Date(now.getTime() + VERIFIED_TTL_MS),
    });
    await this.record(attempt.linkId, 'identity.verified', { attemptId: attempt.id, ...auditedIdentity(identity) }, meta);
    return { token };
  }

  /** The identity verified for this link in this browser and still fresh, or null. */
  async verifiedFor(token: string, browserSecret: string | undefined): Promise<VerifiedIdentity | null> {
    if (!browserSecret) return null;
    const link = await findLink(this.store, token);
    if (!link) return null;
    const a = await this.attempts.latestVerified(link.id, sha256(browserSecret));
    if (!a?.identity || !a.verifiedUntil || a.verifiedUntil.getTime() <= Date.now()) return null;
    return fromStored(a.identity);
  }
}

function protocolRef(p: ProtocolFacts, list: number[] | null, sha256?: string) {
  return {
    organ: ((p.data as { organ?: string }) ?? {}).organ ?? p.title,
    meetingDate: p.meetingDate,
    ...(list?.length ? { paragraphs: list.length === 1 ? `§ ${list[0]}` : `§§ ${list.join(', ')}` } : {}),
    ...(sha256 ? { documentSha256: sha256 } : {}),
  };
}
