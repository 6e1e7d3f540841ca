import { Inject, Injectable } from '@nestjs/common';
import { visibleOrganIds, roleMay } from '@justera/auth';
import { DomainError } from '@justera/application';
import {
  CreateProtocol,
  PreviewProtocolPdf,
  type ProtocolStore,
  readableProtocol,
  RemoveProtocol,
  UpdateProtocol,
  UpdateUploadMetadata,
  uploadMetadata,
  UploadProtocolPdf,
  invalidFields,
} from '@justera/protocol';
import { OrganisationsRepository, PROTOCOL_STORE, ProtocolsRepository } from '@justera/persistence';
import type { AuthContext } from '../auth/auth-context';
import { PdfPoolService } from '../isolation/pdf-pool.service';
import { UpdateMetadataDto, UploadProtocolDto } from './protocols.dto';
import { readDto } from '../common/validation';
import type { UploadedFile } from './uploaded-pdf';
import { importDocx } from './docx-import';
import { checkUploadedPdf, SIGNATORY_FIELD_CHECKS, uploadedPdf } from './upload-checks';
import { view, withIssues } from './protocol-view';

export type { UploadedFile };

/**
 * The api's protocol routes: the libs/protocol use cases (create, edit, delete, upload, preview, the
 * upload's metadata), the forms read into their commands, and the answers as JSON. The list is access
 * (`visibleOrganIds`) and one read, so it stays here.
 */
@Injectable()
export class ProtocolsService {
  constructor(
    private readonly protocols: ProtocolsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly pdfPool: PdfPoolService,
    @Inject(PROTOCOL_STORE) private readonly store: ProtocolStore,
    private readonly createProtocol: CreateProtocol,
    private readonly updateProtocol: UpdateProtocol,
    private readonly removeProtocol: RemoveProtocol,
    private readonly updateUploadMetadata: UpdateUploadMetadata,
    private readonly uploadProtocolPdf: UploadProtocolPdf,
    private readonly previewProtocolPdf: PreviewProtocolPdf,
  ) {}

  async create(auth: AuthContext, organId: string, input: unknown, draft = false) {
    const saved = await this.createProtocol.execute({ caller: auth, organId, protocol: input, draft });
    return draft ? withIssues(saved) : view(saved.protocol);
  }

  async list(auth: AuthContext, limit = 50, offset = 0, organId?: string) {
    if (!roleMay(auth.principal.role, 'protocol.read')) throw new DomainError('forbidden', 'Du har inte behörighet till detta.');
    const visible = visibleOrganIds(auth.principal, 'protocol.read');
    // One organ (the editor's "start from the last meeting"): only when the caller may read it.
    const organIds = organId ? (visible === 'all' || visible.includes(organId) ? [organId] : []) : visible === 'all' ? undefined : visible;
    const { items, total } = await this.protocols.list({
      organisationId: auth.principal.organisationId,
      organIds,
      limit,
      offset,
    });
    return { items: items.map((p) => ({ ...view(p), protocol: undefined, metadata: undefined })), total, limit, offset };
  }

  /** Another organisation's protocol is `not_found`, an organ the caller may not read `forbidden`. */
  async get(auth: AuthContext, id: string) {
    return view(await readableProtocol(this.store, auth, id));
  }

  async update(auth: AuthContext, id: string, input: unknown, rowVersion?: number, draft = false) {
    const saved = await this.updateProtocol.execute({ caller: auth, protocolId: id, protocol: input, rowVersion, draft });
    return draft ? withIssues(saved) : view(saved.protocol);
  }

  async remove(auth: AuthContext, id: string) {
    await this.removeProtocol.execute({ caller: auth, protocolId: id });
  }

  /** The PDF as it would be justerat: the uploaded file, or the structured protocol rendered. */
  pdf(auth: AuthContext, id: string): Promise<{ bytes: Uint8Array; fileName: string }> {
    return this.previewProtocolPdf.execute({ caller: auth, protocolId: id });
  }

  /** The checks every uploaded protocol PDF passes (libs/protocol); the justering controller's corrected version too. */
  checkUploadedPdf(file: UploadedFile | undefined): Promise<Uint8Array> {
    return checkUploadedPdf(this.pdfPool, file);
  }

  /** Stores a PDF made elsewhere as a draft; the form's fields, its signatories and the file in one answer. */
  async upload(auth: AuthContext, raw: unknown, file: UploadedFile | undefined) {
    const { dto, issues } = readDto(UploadProtocolDto, raw);
    return view(await this.uploadProtocolPdf.execute({ caller: auth, form: dto, formIssues: issues, file: uploadedPdf(file) }));
  }

  /** Reads a Word document into a protocol draft, saving nothing (docx-import.ts, docs/import.md). */
  importDocx(auth: AuthContext, raw: unknown, file: UploadedFile | undefined) {
    return importDocx({ organisations: this.organisations, pdfPool: this.pdfPool }, auth, raw, file);
  }

  /**
   * Edits the metadata (and signatories) of an uploaded protocol while it is a draft; every field
   * issue at once. The form is read once UpdateUploadMetadata lets the edit through.
   */
  async updateMetadata(auth: AuthContext, id: string, raw: unknown) {
    const saved = await this.updateUploadMetadata.execute({
      caller: auth,
      protocolId: id,
      read: (organName) => {
        const { dto, issues } = readDto(UpdateMetadataDto, raw);
        const meta = uploadMetadata(organName, dto, SIGNATORY_FIELD_CHECKS);
        if (issues.length || !meta.data) throw invalidFields([...issues, ...meta.issues]);
        return { title: dto.title, meetingDate: dto.meetingDate, data: meta.data, rowVersion: dto.rowVersion };
      },
    });
    return view(saved);
  }
}
