import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@justera/application';
import { APP_CONFIG, type AppConfig } from '@justera/config';
import type { FreezeRequest, ProtocolFreezer } from '@justera/justering';
import {
  renderExcerptPdf,
  renderProtocolPdf,
  type SignatoryIdentification,
  UnknownParagraphError,
  UnsupportedCharactersError,
} from '@justera/pdf';
import { ProtocolsRepository } from '@justera/persistence';

/**
 * The PDF a justering round freezes (libs/justering `ProtocolFreezer`, for StartJustering and
 * FreezeNewVersion): an uploaded protocol's stored file, or the structured protocol rendered by
 * libs/pdf, whole or as a protokollsutdrag. The use case has chosen and checked what to render.
 */
@Injectable()
export class PdfProtocolFreezer implements ProtocolFreezer {
  constructor(
    private readonly protocols: ProtocolsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async freeze({ protocol: p, identityLevel, render }: FreezeRequest): Promise<{ bytes: Uint8Array; fileName: string }> {
    const identification = this.identificationOf(identityLevel);
    if (!render) {
      const doc = p.documentId ? await this.protocols.findDocument(p.organisationId, p.documentId, true) : null;
      if (!doc) throw new DomainError('not_found', 'Dokumentet finns inte.');
      return { bytes: doc.content, fileName: doc.fileName ?? 'protokoll.pdf' };
    }
    const { protocol, paragraphs } = render;
    try {
      const options = { identification };
      const bytes = paragraphs ? await renderExcerptPdf(protocol, paragraphs, options) : await renderProtocolPdf(protocol, options);
      return { bytes, fileName: `${paragraphs ? 'protokollsutdrag' : 'protokoll'}-${p.meetingDate}.pdf` };
    } catch (err) {
      if (err instanceof UnsupportedCharactersError) throw new DomainError('unsupported_characters', err.message);
      if (err instanceof UnknownParagraphError)
        throw new DomainError('unknown_paragraph', `Paragraferna finns inte i protokollet: ${err.message}`);
      throw err;
    }
  }

  /**
   * The round's identity level as the Underskrifter page prints it ("Identifieras med e-legitimation
   * (<provider>)", docs/identity.md): the provider is the configured label, the one the signatures'
   * appearances will name.
   */
  private identificationOf(level: string): SignatoryIdentification {
    if (level !== 'e-legitimation') return { level: 'e-postlank' };
    if (!this.config.oidc) throw new DomainError('identity_unavailable');
    return { level: 'e-legitimation', provider: this.config.oidc.label };
  }
}
