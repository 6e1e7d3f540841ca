import { Injectable } from '@nestjs/common';
import { KeysService } from '@justera/keys';
import { addLta, sealPdf } from '@justera/pades';
import { renderSimpleDocumentPdf, type SimpleDocument } from '@justera/pdf';

/**
 * Renders a simple text document (a report, the Verifieringsunderlag) and seals it with the
 * organisation's seal with a signature time-stamp, then adds the certificates and CRLs and a document
 * time-stamp (PAdES B-LTA) so it can be checked offline for as long as the archive is renewed.
 */
@Injectable()
export class SealedDocumentService {
  constructor(private readonly keys: KeysService) {}

  /**
   * `organisation`: whose seal (its name as stored; a Verifieringsunderlag is its organisation's); without
   * it, the installation seal (a /validera report, which no organisation owns).
   */
  async render(doc: SimpleDocument, reason: string, organisation?: { id: string; name: string }): Promise<Buffer> {
    const pdf = await renderSimpleDocumentPdf(doc);
    const seal = this.keys.seal(organisation);
    const tsa = this.keys.timestamping();
    const sealed = await sealPdf(Buffer.from(pdf), seal, { reason, time: new Date(), tsa });
    return addLta(sealed, { dss: this.keys.dss([seal.certificate]), tsa });
  }
}
