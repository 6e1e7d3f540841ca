import { createHash } from 'node:crypto';
import type { Clock, RequestMeta } from '@justera/application';
import { type IdentityErrorCode, type IdentityProvider, identityErrorText } from '@justera/identity';
import { identityMismatchNotice } from '@justera/mail';
import type { LinkVerdict } from './classify-link';
import { audit, newTx, protocolRef } from './context';
import type { SigningIdentityAttempts } from './identity-attempts';
import type { JusteringStore } from './ports';

/**
 * What the e-legitimation step of a signing link shares (docs/identity.md): its limits, its failures
 * and their Swedish text, and how an identity event joins the protocol's audit trail. The use cases
 * are BeginIdentification, CompleteIdentification and VerifiedIdentityForLink.
 */

/** The callback path registered at the provider (docs/identity.md). */
export const IDENTITY_CALLBACK_PATH = '/sign/identitet/tillbaka';
/** An attempt must come back from the provider within this time. */
export const IDENTITY_ATTEMPT_TTL_MS = 10 * 60_000;
/** A verified identity may be used to approve or request a change on its link for this long. */
export const IDENTITY_VERIFIED_TTL_MS = 15 * 60_000;
/** At most this many attempts per link within IDENTITY_THROTTLE_WINDOW_MS. */
export const IDENTITY_ATTEMPTS_PER_LINK = 10;
export const IDENTITY_THROTTLE_WINDOW_MS = 15 * 60_000;

/** What the identity use cases take from the configuration (AppConfig.secret and publicUrl). */
export interface SigningIdentityConfig {
  /** Seals the pending authentication (state, nonce, PKCE verifier, token) at rest. */
  secret: string;
  /** The public base URL: the provider's redirect URI and the secretary's link in the mismatch mail. */
  publicUrl: string;
}

/** The ports the identity use cases share; `provider` is null when no JUSTERA_OIDC_* is configured. */
export interface SigningIdentityPorts {
  store: JusteringStore;
  attempts: SigningIdentityAttempts;
  provider: IdentityProvider | null;
  clock: Clock;
  config: SigningIdentityConfig;
}

export type IdentityFailureCode = IdentityErrorCode | 'name_mismatch' | 'throttled';

/** Why an identification did not bind (the signing page shows it with identityFailureText). */
export interface IdentityFailure {
  code: IdentityFailureCode;
  /** The link's token when known (to try again), else null. */
  token: string | null;
  verdict?: LinkVerdict;
  names?: { verified: string; expected: string };
}

/** The Swedish sentence the signer is shown for a failure. */
export function identityFailureText(code: IdentityFailureCode): string {
  if (code === 'name_mismatch')
    return 'Namnet i din e-legitimation stämmer inte med namnet på den som ska justera med den här länken. Ingenting har godkänts, och sekreteraren har fått besked.';
  if (code === 'throttled') return 'För många försök att identifiera dig med den här länken. Vänta en kvart och försök igen.';
  return identityErrorText(code);
}

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

export function redirectUriOf(config: SigningIdentityConfig): string {
  return `${config.publicUrl}${IDENTITY_CALLBACK_PATH}`;
}

/** The context the pending authentication is sealed under (binds the sealed text to its row). */
export const pendingContext = (attemptId: string) => `identity-attempt:${attemptId}`;

/**
 * Appends an identity event (`identity.started|failed|mismatch|verified|throttled`) to the link's
 * protocol chain under the protocol lock, as the signatory; with `mismatch` the round's sekreterare is
 * mailed too (in the same transaction). A link or protocol that is gone records nothing.
 */
export async function recordIdentityEvent(
  ports: Pick<SigningIdentityPorts, 'store' | 'clock' | 'config'>,
  linkId: string,
  type: string,
  data: Record<string, unknown>,
  meta: RequestMeta,
  mismatch?: { verifiedName: string; provider: string },
): Promise<void> {
  await ports.store.unitOfWork(async (uow) => {
    const link = await uow.link(linkId);
    if (!link) return;
    const round = (await uow.round(link.roundId))!;
    const p = await uow.lockProtocol(round.organisationId, round.protocolId);
    if (!p) return;
    const sigs = await uow.signatories(round.id);
    const sig = sigs.find((s) => s.id === link.signatoryId)!;
    const tx = newTx(`signatory:${sig.id}`, meta, ports.clock.now());
    await audit(uow, round, tx, type, { signatoryId: sig.id, linkId, ...data });
    if (!mismatch) return;
    const secretary = sigs.find((s) => s.role === 'sekreterare');
    if (!secretary) return;
    const version = await uow.version(link.versionId);
    const mail = identityMismatchNotice({
      secretaryName: secretary.name,
      signer: { name: sig.name, role: sig.role },
      verifiedName: mismatch.verifiedName,
      provider: mismatch.provider,
      protocol: protocolRef(p, round, version?.sha256),
      link: `${ports.config.publicUrl}/justering/${p.id}`,
    });
    await uow.queueMail({ organisationId: round.organisationId, kind: 'justering.identity-mismatch', to: secretary.email, ...mail });
  });
}
