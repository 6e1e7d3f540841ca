import { Injectable } from '@nestjs/common';
import { KeysService } from '@justera/keys';
import { addDss, sealPdf } from '@justera/pades';
import { renderSimpleDocumentPdf, type SimpleDocument } from '@justera/pdf';

/**
 * Renders a simple text document (a report, the Verifieringsunderlag) and seals it with the
 * organisation's seal, adding the certificates and CRL (PAdES B-LT) so it can be checked offline.
 */
@Injectable()
export class SealedDocumentService {
  constructor(private readonly keys: KeysService) {}

  async render(doc: SimpleDocument, reason: string): Promise<Buffer> {
    const pdf = await renderSimpleDocumentPdf(doc);
    const seal = this.keys.seal();
    const sealed = await sealPdf(Buffer.from(pdf), seal, { reason, time: new Date() });
    return addDss(sealed, this.keys.dss([seal.certificate]));
  }
}
