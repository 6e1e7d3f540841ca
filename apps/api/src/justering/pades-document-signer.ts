import { Injectable } from '@nestjs/common';
import { DocumentSigner, ROLE_SV, SignDocumentInput, SignDocumentResult } from '@justera/justering';
import { KeysService } from '@justera/keys';
import { issueSignerCertificate, PdfUpdateError, signatureAppearanceLines, signPdfField } from '@justera/pades';

const TITLE: Record<string, string> = { sekreterare: 'Sekreterare', ordforande: 'Ordförande', justerare: 'Justerare' };

/**
 * The DocumentSigner port on libs/pades: each approval gets a one-use signer certificate from the
 * organisation's CA (name, role, e-mail) and appends an incremental PAdES signature to the version's
 * PDF — in the protocol's `signatur.N` field (N = signing position), or, for a PDF without our fields
 * (an uploaded one), in a new invisible field `UnderskriftN`. See docs/signatures.md for what kind of
 * signature this is (organisation-backed, identified by the e-mailed link).
 */
@Injectable()
export class PadesDocumentSigner extends DocumentSigner {
  constructor(private readonly keys: KeysService) {
    super();
  }

  async sign(input: SignDocumentInput): Promise<SignDocumentResult> {
    const ca = this.keys.ca();
    const role = TITLE[input.signer.role] ?? input.signer.role;
    const signer = issueSignerCertificate(ca, { name: input.signer.name, role, organisation: ca.organisation, email: input.signer.email, now: input.signedAt });
    const common = {
      signer,
      reason: `Justerat i egenskap av ${ROLE_SV[input.signer.role]}`,
      contactInfo: input.signer.email,
      time: input.signedAt,
      appearance: {
        lines: signatureAppearanceLines({ name: input.signer.name, role, signedAt: input.signedAt, transactionId: input.transactionId, documentSha256: input.approvedSha256, identifiedBy: 'personlig länk via e-post' }),
      },
    };
    const pdf = Buffer.from(input.pdf);
    try {
      return { pdf: await signPdfField(pdf, { ...common, fieldName: `signatur.${input.fieldIndex}` }), method: 'pades' };
    } catch (err) {
      if (!(err instanceof PdfUpdateError) && !(err instanceof Error && /field/i.test(err.message))) throw err;
      if (err instanceof PdfUpdateError && err.code === 'placeholder-too-small') throw err;
      return { pdf: await signPdfField(pdf, { ...common, fieldName: `Underskrift${input.fieldIndex}`, addFieldIfMissing: { rect: [0, 0, 0, 0] } }), method: 'pades' };
    }
  }
}
