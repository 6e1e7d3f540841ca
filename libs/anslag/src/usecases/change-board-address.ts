import { Caller, DomainError, actorOf, ensureAllowed, invalidRequest, notFound } from '@justera/application';
import type { Clock } from '../clock';
import type { AnslagStore } from './ports';

/** The organisation's slug: the last part of its board's address `/anslagstavla/<slug>`. */
export const BOARD_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export interface ChangeBoardAddressCommand {
  caller: Caller;
  slug: string;
  ip?: string | null;
}

/**
 * Changes the organisation's slug, which is part of its public anslagstavla's address
 * (`<PUBLIC_URL>/anslagstavla/<slug>`, its notices, feeds and PDFs).
 *
 * Rules: an admin of the organisation (`organisation.admin`); a–z, 0–9 and "-" (1–64, not starting or
 * ending with "-"); unique across the installation (`conflict`); and only until the first notice has
 * been posted: from then on the address is in sealed anslagsbevis, in feed ids and on the
 * municipality's own website, and changing it would break every one of them (`conflict`). Audited as
 * `board.address-changed` in admin_audit_events.
 */
export class ChangeBoardAddress {
  constructor(
    private readonly store: AnslagStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: ChangeBoardAddressCommand): Promise<{ slug: string; changed: boolean }> {
    const { caller } = command;
    const organisationId = caller.principal.organisationId;
    ensureAllowed(caller, 'organisation.admin', { organisationId });
    const organisation = await this.store.findOrganisation(organisationId);
    if (!organisation) throw notFound('Organisationen');
    const slug = command.slug.trim().toLowerCase();
    const issue = (message: string) => invalidRequest(message, [{ path: 'slug', message }]);
    if (!BOARD_SLUG.test(slug))
      throw issue(
        'Adressnamnet får bara innehålla a–z, 0–9 och bindestreck (1–64 tecken, inte först eller sist), till exempel mora-kommun.',
      );
    if (slug === organisation.slug) return { slug, changed: false };
    if (await this.store.hasPostedNotices(organisationId)) {
      const message = 'Adressen kan inte ändras när anslag redan har satts upp: den finns i anslagsbevis, flöden och på andra webbplatser.';
      throw new DomainError('conflict', message, [{ path: 'slug', message }]);
    }
    const taken = () => {
      const message = 'Adressnamnet används redan av en annan organisation. Välj ett annat.';
      return new DomainError('conflict', message, [{ path: 'slug', message }]);
    };
    if (await this.store.findOrganisationBySlug(slug)) throw taken();
    await this.store.unitOfWork(async (uow) => {
      if (!(await uow.setOrganisationSlug(organisationId, slug))) throw taken();
      await uow.appendAdminAudit({
        organisationId,
        actor: actorOf(caller),
        action: 'board.address-changed',
        targetType: 'organisation',
        targetId: organisationId,
        detail: { before: organisation.slug, after: slug },
        ip: command.ip?.slice(0, 64) ?? null,
        at: this.clock.now(organisationId),
      });
    });
    return { slug, changed: true };
  }
}
