import { Injectable } from '@nestjs/common';
import { DomainError } from '@justera/application';
import type { Evidence } from '@justera/justering';
import { OrganisationsRepository } from '@justera/persistence';
import { formatTimestampSv, roleLabelSv } from '@justera/sv';
import { SealedDocumentService } from '../common/sealed-document.service';

/** Renders the Verifieringsunderlag (GetEvidence's JSON) as a PDF/A sealed by the protocol's organisation. */
@Injectable()
export class EvidencePdfService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly sealed: SealedDocumentService,
  ) {}

  /** The Verifieringsunderlag as a PDF sealed by the protocol's organisation (its own seal, naming it as stored). */
  async sealedPdf(e: Evidence, organisationId: string): Promise<Buffer> {
    const organisation = await this.organisations.findOrganisation(organisationId);
    if (!organisation) throw new DomainError('not_found', 'Organisationen finns inte.');
    const roleSv = roleLabelSv;
    // Instants as a person reads them: Swedish time, said so (the JSON export keeps ISO 8601 UTC).
    const at = (iso: string | null | undefined) => (iso ? formatTimestampSv(iso) : '–');
    const lines: string[] = [
      `Protokoll: ${e.protocol.title}`,
      `Organ: ${e.protocol.organ}`,
      `Sammanträdesdatum: ${e.protocol.meetingDate}`,
      `Status: ${e.protocol.status}`,
      `Protokoll-id: ${e.protocol.id}`,
      `Underlaget skapat: ${at(e.generatedAt)}`,
      '',
      '# Versioner',
      ...e.versions.flatMap((v) => [
        `Version ${v.number}${v.current ? ' (gällande)' : ''}, skapad ${at(v.createdAt)}, ${v.size} byte`,
        `SHA-256: ${v.sha256}`,
        `Föregående versions SHA-256: ${v.previousSha256 ?? '–'}`,
        ...(v.reason ? [`Skäl: ${v.reason}`] : []),
        ...v.signedRevisions.map((r, i) => `Efter underskrift ${i + 1} (transaktion ${r.transactionId}): SHA-256 ${r.sha256}`),
        ...v.renewals.map(
          (r) =>
            `Förnyad arkivtidsstämpel (PAdES-LTA) ${at(r.at)}: SHA-256 ${r.sha256}, bevisningen gäller till ${r.protectedUntil && r.protectedUntil.includes('T') ? at(r.protectedUntil) : (r.protectedUntil ?? '–')}`,
        ),
        '',
      ]),
      '# Underskrifter',
      ...(e.signers.length === 0 ? ['Inga underskrifter.'] : []),
      ...e.signers.flatMap((s, i) => [
        `Underskrift ${i + 1}: ${s.name}, ${roleSv(s.role)}`,
        `E-post: ${s.email ?? '–'}`,
        `Identifiering: ${s.identifiedBy ?? '–'}; metod: ${s.method ?? '–'}`,
        ...(s.identity
          ? [
              `Identifierad med e-legitimation (${s.identity.provider}) som ${s.identity.name}; utfärdare ${s.identity.iss}, sub ${s.identity.sub}, ` +
                `inloggad ${s.identity.authTime ? at(s.identity.authTime) : '–'}, tillitsnivå (acr) ${s.identity.acr ?? '–'}`,
            ]
          : []),
        `Tid: ${at(s.signedAt)}`,
        `IP-adress: ${s.ip ?? '–'}`,
        `Webbläsare: ${s.userAgent ?? '–'}`,
        `Transaktions-id: ${s.transactionId}`,
        `Godkänd version (SHA-256): ${s.approvedSha256 ?? '–'}`,
        '',
      ]),
      '# Händelselogg',
      e.audit.chainValid
        ? `Hashkedjan är obruten: ${e.audit.verification.count} händelser, sista hash ${e.audit.verification.head}.`
        : `Hashkedjan är BRUTEN: ${e.audit.verification.firstBad?.messageSv ?? ''}`,
      ...e.audit.events.map(
        (ev) => `${ev.seq}. ${at(ev.at)} ${ev.type} (${ev.actor}${ev.ip ? `, IP ${ev.ip}` : ''}) hash ${ev.hash.slice(0, 16)}…`,
      ),
      '',
      '# Anslag',
      ...(e.anslag.length === 0 ? ['Inget anslag registrerat.'] : []),
      ...e.anslag.flatMap((a) => [
        `Justerat ${at(a.justeradAt)}; anslaget uppsatt ${a.postedDate ?? '–'}; sista dag att överklaga ${a.lastAppealDay ?? '–'}; nedtagande ${a.takeDownDate ?? '–'}${a.takenDownAt ? ` (nedtaget ${at(a.takenDownAt)})` : ''}`,
        `Förvaringsplats: ${a.storagePlace}`,
        ...a.postings.map(
          (x) => `Anslagstavla ${x.board} (${x.kind === 'external' ? 'extern' : 'Justera'}): uppsatt ${x.postedDate ?? '–'}`,
        ),
        ...(a.filledDocumentSha256 ? [`Protokoll med ifyllda anslagsuppgifter, SHA-256: ${a.filledDocumentSha256}`] : []),
        ...(a.anslagsbevis ? [`Anslagsbevis, SHA-256: ${a.anslagsbevis.sha256}`] : []),
        '',
      ]),
      '# Dokument',
      ...(e.documents.length === 0 ? ['Inga dokument.'] : []),
      ...e.documents.flatMap((d) => [
        `${d.title}${d.kind === 'frozen' && !d.current ? ' (ersatt av en senare version)' : ''}, ${d.size} byte`,
        `SHA-256: ${d.sha256}`,
        `Hämtas (inloggad): ${d.url}`,
        ...(d.publicUrl ? [`På anslagstavlan: ${d.publicUrl}`] : []),
        ...(d.relation ? [d.relation] : []),
        '',
      ]),
      `Underlaget är förseglat med organisationens elektroniska stämpel (${organisation.name}). Förseglingen kan kontrolleras på /validera.`,
    ];
    return this.sealed.render(
      {
        title: `Verifieringsunderlag: ${e.protocol.title}`,
        author: 'Justera',
        subject: `Protokoll ${e.protocol.id}`,
        lines,
        date: new Date(e.generatedAt),
      },
      'Verifieringsunderlag från Justera',
      { id: organisation.id, name: organisation.name },
    );
  }
}
