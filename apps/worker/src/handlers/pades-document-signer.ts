import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DocumentSigner, identificationLine, ROLE_SV, SignDocumentInput, SignDocumentResult } from '@justera/justering';
import { KeysService } from '@justera/keys';
import { addLta, issueSignerCertificate, PdfUpdateError, RsaKeyPool, signatureAppearanceLines, signPdfField } from '@justera/pades';

const TITLE: Record<string, string> = { sekreterare: 'Sekreterare', ordforande: 'Ordförande', justerare: 'Justerare' };

/**
 * The DocumentSigner port on libs/pades: each approval gets a one-use signer certificate from the
 * installation's CA (name, role, e-mail; O = the protocol's organisation as stored) and appends an incremental PAdES signature to the version's
 * PDF — in the protocol's `signatur.N` field (N = signing position), or, for a PDF without our fields
 * (an uploaded one), in a new invisible field `UnderskriftN`. See docs/signatures.md for what kind of
 * signature this is (organisation-backed, identified by the e-mailed link).
 */
@Injectable()
export class PadesDocumentSigner extends DocumentSigner implements OnModuleInit, OnModuleDestroy {
  /** One-use signer keys made ahead, off the event loop (docs/signatures.md, "Keys"). */
  private readonly keyPool = new RsaKeyPool(4, 2048);

  constructor(private readonly keys: KeysService) {
    super();
  }

  onModuleInit() {
    this.keyPool.warm();
    // Load (or create) the CA and the time-stamping unit now rather than inside the first signing job.
    setImmediate(() => {
      try {
        this.keys.timestamping();
      } catch {
        /* reported by the first job that needs it */
      }
    });
  }

  onModuleDestroy() {
    this.keyPool.close();
  }

  /**
   * After the last signature: a DSS with every certificate and the CRLs of the signers and of the
   * time-stamping unit, then a document time-stamp over everything (PAdES B-LTA). Every signature
   * carries a signature time-stamp (B-T) from TSA_URL or, without it, from the installation's own
   * time-stamping unit. A TSA failure throws: the `justering.sign` job fails and retries — never the
   * local unit or the server clock instead of a configured TSA.
   */
  private async finish(pdf: Buffer, signerCert: Buffer): Promise<Buffer> {
    return addLta(pdf, { dss: this.keys.dss([signerCert]), tsa: this.keys.timestamping() });
  }

  async sign(input: SignDocumentInput): Promise<SignDocumentResult> {
    const ca = this.keys.ca();
    const role = TITLE[input.signer.role] ?? input.signer.role;
    // The signature carries the approval time (/M); the worker may append it later (a TSA outage, a
    // backlog), so the one-use certificate is valid from just before the approval until a day after
    // it is used — a signature time-stamp from the TSA then lies inside its validity too.
    const usedAt = Date.now();
    // With e-legitimation the one-use certificate names the person the provider verified (its CN), and
    // the appearance says how (docs/identity.md); by link alone, the name the secretary entered.
    const name = input.verified?.name ?? input.signer.name;
    const signer = issueSignerCertificate(ca, {
      name,
      role,
      // The protocol's organisation as stored in the database, not the CA's (JUSTERA_ORGANISATION's) name.
      organisation: input.organisation.name.trim() || ca.organisation,
      email: input.signer.email,
      now: input.signedAt,
      validityMs: Math.max(0, usedAt - input.signedAt.getTime()) + 24 * 3600 * 1000,
      key: await this.keyPool.take(),
      // The identity level as a certificate policy with the appearance's line as its notice: what the
      // validator reports for this signature (docs/validation.md, "Identity level").
      identification: { level: input.verified ? 'e-legitimation' : 'e-postlank', statement: identificationLine(input.verified) },
    });
    const common = {
      signer,
      reason: `Justerat i egenskap av ${ROLE_SV[input.signer.role]}`,
      contactInfo: input.signer.email,
      time: input.signedAt,
      certify: input.certify,
      tsa: this.keys.timestamping(),
      appearance: {
        lines: appearanceLines(input, name, role),
      },
    };
    const pdf = Buffer.from(input.pdf);
    let signed: Buffer;
    try {
      signed = await signPdfField(pdf, { ...common, fieldName: `signatur.${input.fieldIndex}` });
    } catch (err) {
      if (!(err instanceof PdfUpdateError) && !(err instanceof Error && /field/i.test(err.message))) throw err;
      if (err instanceof PdfUpdateError && err.code === 'placeholder-too-small') throw err;
      signed = await signPdfField(pdf, {
        ...common,
        fieldName: `Underskrift${input.fieldIndex}`,
        addFieldIfMissing: { rect: [0, 0, 0, 0] },
      });
    }
    return {
      pdf: input.final ? await this.finish(signed, signer.certificate) : signed,
      method: input.final ? 'pades-b-t+lta' : 'pades-b-t',
    };
  }
}

/** The widget's lines: name, role, time, how the signer was identified, transaction id, SHA-256. */
export function appearanceLines(input: SignDocumentInput, name: string, role: string): string[] {
  return signatureAppearanceLines({
    name,
    role,
    signedAt: input.signedAt,
    transactionId: input.transactionId,
    documentSha256: input.approvedSha256,
    identification: identificationLine(input.verified),
  });
}
