import { fromStored, type VerifiedIdentity } from '@justera/identity';
import { ClassifyLink, type LinkVerdict } from './classify-link';
import { sha256Hex, type SigningIdentityPorts } from './signing-identity';

export interface VerifiedIdentityForLinkCommand {
  token: string;
  /** The browser's binding cookie, if it sent a well-formed one. */
  browserSecret: string | undefined;
  /** The link's verdict when the caller has it already (the page just classified or opened it). */
  verdict?: LinkVerdict;
}

/**
 * Where a link stands in the e-legitimation step: `required` on an open link of a round with the
 * identity level e-legitimation, with the provider's label and the identity verified for this link
 * in this browser while its fifteen minutes last (else null). Not required: no identity at all (an
 * approval by link alone records none, even if one was verified earlier).
 */
export type IdentityStep = { required: false; verified: null } | { required: true; provider: string; verified: VerifiedIdentity | null };

/**
 * VerifiedIdentityForLink: the identity an approval or a change request on this link may carry, and
 * what the open page shows of the step. No side effects.
 */
export class VerifiedIdentityForLink {
  private readonly classifyLink: ClassifyLink;

  constructor(private readonly ports: Pick<SigningIdentityPorts, 'store' | 'attempts' | 'provider' | 'clock'>) {
    this.classifyLink = new ClassifyLink(ports.store, ports.clock);
  }

  async execute(command: VerifiedIdentityForLinkCommand): Promise<IdentityStep> {
    const v = command.verdict ?? (await this.classifyLink.execute({ token: command.token }));
    if (v.kind !== 'open' || v.ctx.round.identityLevel !== 'e-legitimation') return { required: false, verified: null };
    return {
      required: true,
      provider: this.ports.provider?.label ?? 'e-legitimation',
      verified: await this.verified(v.ctx.link.id, command.browserSecret),
    };
  }

  private async verified(linkId: string, browserSecret: string | undefined): Promise<VerifiedIdentity | null> {
    if (!browserSecret) return null;
    const a = await this.ports.attempts.latestVerified(linkId, sha256Hex(browserSecret));
    if (!a?.identity || !a.verifiedUntil || a.verifiedUntil.getTime() <= this.ports.clock.now().getTime()) return null;
    return fromStored(a.identity);
  }
}
