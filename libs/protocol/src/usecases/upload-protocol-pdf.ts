import { createHash, randomUUID } from 'node:crypto';
import { type Caller, type Clock, DomainError, ensureAllowed, invalidRequest } from '@justera/application';
import type { FieldIssue, OrganRef, ProtocolStore, SignatoryFieldChecks, StoredProtocol, UploadedPdfInspector } from './ports';
import { invalidFields, uploadMetadata, type UploadFormFields } from './upload-form';
import { checkUploadedPdf, type UploadedPdf } from './uploaded-pdf';

export interface UploadProtocolPdfCommand {
  caller: Caller;
  /** The form's fields (the organ chosen among them) as the api read them. */
  form: UploadFormFields & { organId: string };
  /** The form's own mistakes (type, length, format: the api's DTO check), each naming its field. */
  formIssues: FieldIssue[];
  file: UploadedPdf | undefined;
}

/**
 * UploadProtocolPdf: a PDF made elsewhere stored as an uploaded draft of one of the organisation's
 * organs, with its metadata and signatories. One answer names every mistake of the form: the fields,
 * the signatories and the file together (`invalid_request`, each issue in `details`). The file is read
 * only once the organ is known and the caller may write to it (`forbidden`; an organ not the
 * organisation's is `invalid_request` on `organId`). A file that is the only problem keeps its own
 * error (`unsupported_media_type`, `unreadable_pdf`, `encrypted_pdf`, `pdf_too_complex`).
 */
export class UploadProtocolPdf {
  constructor(
    private readonly store: ProtocolStore,
    private readonly inspector: UploadedPdfInspector,
    private readonly signatoryChecks: SignatoryFieldChecks,
    private readonly clock: Clock,
  ) {}

  async execute(command: UploadProtocolPdfCommand): Promise<StoredProtocol> {
    const { caller, form, formIssues } = command;
    const organisationId = caller.principal.organisationId;
    let organ: OrganRef | undefined;
    let fileError: DomainError | undefined;
    let bytes: Uint8Array | undefined;
    if (!formIssues.some((i) => i.path === 'organId')) {
      ensureAllowed(caller, 'protocol.write', { organisationId, organId: form.organId });
      organ = (await this.store.findOrgan(organisationId, form.organId)) ?? undefined;
      if (!organ) throw invalidRequest(`organId: okänt organ ${form.organId}`, [{ path: 'organId', message: 'Organet finns inte; välj ett av organen i listan.' }]);
      try {
        bytes = await checkUploadedPdf(this.inspector, command.file);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        fileError = err;
      }
    }
    const meta = uploadMetadata(organ?.name ?? '', form, this.signatoryChecks);
    if (fileError && !formIssues.length && !meta.issues.length) throw fileError;
    const all = [...formIssues, ...(fileError ? (fileError.details as FieldIssue[]) : []), ...meta.issues];
    if (all.length || !meta.data || !organ || !bytes || !command.file) throw invalidFields(all);

    const now = this.clock.now();
    const documentId = randomUUID();
    const protocol: StoredProtocol = {
      id: randomUUID(),
      organisationId,
      organId: organ.id,
      source: 'uploaded',
      status: 'draft',
      title: form.title,
      meetingDate: form.meetingDate,
      data: meta.data,
      documentId,
      createdBy: caller.principal.userId,
      createdAt: now,
      updatedAt: now,
      rowVersion: 1,
    };
    await this.store.insert(protocol, {
      id: documentId,
      organisationId,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      mediaType: 'application/pdf',
      fileName: command.file.fileName.slice(0, 255),
      content: bytes,
      createdAt: now,
    });
    return protocol;
  }
}
