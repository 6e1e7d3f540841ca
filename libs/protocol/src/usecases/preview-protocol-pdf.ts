import { type Caller, DomainError, invalidRequest } from '@justera/application';
import { withImmediatelyAdjusted } from '../adjusted';
import { validateProtocol } from '../validate';
import { readableProtocol } from './context';
import { issueView } from './draft';
import type { JusteradeOnTheirOwn, PreviewIdentification, ProtocolPdfRenderer, ProtocolStore, StoredProtocol } from './ports';

export interface PreviewProtocolPdfQuery {
  caller: Caller;
  protocolId: string;
}

/** The e-legitimation provider the installation has (AppConfig.oidc's label), if any. */
export interface PreviewConfig {
  eLegitimationProvider?: string;
}

/** The file name the preview is offered under: the title, without characters a file name should not carry. */
export const previewFileName = (title: string) => `${title.replace(/[^\p{L}\p{N} ._-]+/gu, '').replace(/\s+/g, '-')}.pdf`;

/**
 * PreviewProtocolPdf: the PDF as a justering would freeze it, for anyone who may read the protocol.
 * An uploaded protocol is its stored file (`not_found` if the file is gone). A structured one must be
 * complete (a draft saved by the editor's autosave is `invalid_request` naming what is missing) and is
 * rendered with the §§ already justerade on their own marked and, on the Underskrifter page, the
 * organ's identity level (a round may still choose another; e-legitimation without a configured
 * provider prints no identification line).
 */
export class PreviewProtocolPdf {
  constructor(
    private readonly store: ProtocolStore,
    private readonly justerade: JusteradeOnTheirOwn,
    private readonly renderer: ProtocolPdfRenderer,
    private readonly config: PreviewConfig,
  ) {}

  async execute(query: PreviewProtocolPdfQuery): Promise<{ bytes: Uint8Array; fileName: string }> {
    const p = await readableProtocol(this.store, query.caller, query.protocolId);
    const fileName = previewFileName(p.title);
    if (p.source === 'uploaded') {
      const bytes = p.documentId ? await this.store.documentContent(p.organisationId, p.documentId) : null;
      if (!bytes) throw new DomainError('not_found', 'Dokumentet finns inte.');
      return { bytes, fileName };
    }
    const checked = validateProtocol(p.data);
    if (!checked.ok) throw invalidRequest(`Protokollet är inte komplett: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, checked.errors.map(issueView));
    const adjusted = await this.justerade.paragraphs(query.caller, p.id);
    const identification = await this.identificationOf(p);
    return { bytes: await this.renderer.render(withImmediatelyAdjusted(checked.protocol, adjusted), identification), fileName };
  }

  /** The organ's identity level as the Underskrifter page prints it; none when e-legitimation is not configured. */
  private async identificationOf(p: StoredProtocol): Promise<PreviewIdentification | undefined> {
    const level = await this.store.organIdentityLevel(p.organisationId, p.organId);
    if (level !== 'e-legitimation') return { level: 'e-postlank' };
    return this.config.eLegitimationProvider !== undefined ? { level: 'e-legitimation', provider: this.config.eLegitimationProvider } : undefined;
  }
}
