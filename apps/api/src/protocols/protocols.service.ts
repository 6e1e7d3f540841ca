import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { createHash, randomUUID } from 'node:crypto';
import { visibleOrganIds, roleMay } from '@justera/auth';
import { JusteradeParagraphs } from '@justera/justering';
import { renderProtocolPdf, type SignatoryIdentification, UnsupportedCharactersError } from '@justera/pdf';
import {
  CreateProtocol,
  issueView,
  RemoveProtocol,
  UpdateProtocol,
  UpdateUploadMetadata,
  validateProtocol,
  withImmediatelyAdjusted,
} from '@justera/protocol';
import { OrganisationsRepository, ProtocolEntity, ProtocolsRepository } from '@justera/persistence';
import type { AuthContext } from '../auth/auth-context';
import { ensureAllowed } from '../auth/policy';
import { DomainError, invalidRequest } from '@justera/application';
import { PdfPoolService } from '../isolation/pdf-pool.service';
import { UpdateMetadataDto, UploadProtocolDto } from './protocols.dto';
import { FieldIssue, readDto } from '../common/validation';
import type { UploadedFile } from './uploaded-pdf';
import { importDocx } from './docx-import';
import { checkUploadedPdf, invalidFields, knownOrgan, uploadMetadata } from './upload-checks';
import { view, withIssues } from './protocol-view';

export type { UploadedFile };

/** Use cases on protocols: create, read, edit while a draft, delete a draft, preview, upload, import a .docx. */
@Injectable()
export class ProtocolsService {
  constructor(
    private readonly protocols: ProtocolsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly justeradeParagraphs: JusteradeParagraphs,
    private readonly pdfPool: PdfPoolService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly createProtocol: CreateProtocol,
    private readonly updateProtocol: UpdateProtocol,
    private readonly removeProtocol: RemoveProtocol,
    private readonly updateUploadMetadata: UpdateUploadMetadata,
  ) {}

  private async load(auth: AuthContext, id: string): Promise<ProtocolEntity> {
    // Scoped to the caller's organisation: another organisation's id is simply not found.
    const p = await this.protocols.find(auth.principal.organisationId, id);
    if (!p) throw new DomainError('not_found', 'Protokollet finns inte.');
    ensureAllowed(auth, 'protocol.read', { organisationId: p.organisationId, organId: p.organId });
    return p;
  }

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

  async get(auth: AuthContext, id: string) {
    return view(await this.load(auth, id));
  }

  async update(auth: AuthContext, id: string, input: unknown, rowVersion?: number, draft = false) {
    const saved = await this.updateProtocol.execute({ caller: auth, protocolId: id, protocol: input, rowVersion, draft });
    return draft ? withIssues(saved) : view(saved.protocol);
  }

  async remove(auth: AuthContext, id: string) {
    await this.removeProtocol.execute({ caller: auth, protocolId: id });
  }

  /** The organ's identity level as the Underskrifter page prints it; none when e-legitimation is not configured. */
  private async identificationOf(p: ProtocolEntity): Promise<SignatoryIdentification | undefined> {
    const organ = await this.organisations.findOrgan(p.organisationId, p.organId);
    if (organ?.identityLevel !== 'e-legitimation') return { level: 'e-postlank' };
    return this.config.oidc ? { level: 'e-legitimation', provider: this.config.oidc.label } : undefined;
  }

  /** The PDF as it would be justerat: rendered from the structure, or the uploaded file. */
  async pdf(auth: AuthContext, id: string): Promise<{ bytes: Uint8Array; fileName: string }> {
    const p = await this.load(auth, id);
    const fileName = `${p.title.replace(/[^\p{L}\p{N} ._-]+/gu, '').replace(/\s+/g, '-')}.pdf`;
    if (p.source === 'uploaded') {
      const doc = await this.protocols.findDocument(p.organisationId, p.documentId!, true);
      if (!doc) throw new DomainError('not_found', 'Dokumentet finns inte.');
      return { bytes: doc.content, fileName };
    }
    // A draft saved before it was complete (the editor's autosave) has no PDF yet: say what is missing.
    const checked = validateProtocol(p.data);
    if (!checked.ok) throw invalidRequest(`Protokollet är inte komplett: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, checked.errors.map(issueView));
    try {
      // The preview shows what a justering would freeze: §§ justerade on their own are marked.
      const adjusted = await this.justeradeParagraphs.execute({ caller: auth, protocolId: p.id });
      // … and, on the Underskrifter page, the organ's identity level (a round may still choose another).
      const identification = await this.identificationOf(p);
      return { bytes: await renderProtocolPdf(withImmediatelyAdjusted(checked.protocol, adjusted), { identification }), fileName };
    } catch (err) {
      if (err instanceof UnsupportedCharactersError) throw new DomainError('unsupported_characters', err.message);
      throw err;
    }
  }

  /** The checks every uploaded protocol PDF passes (upload-checks.ts); the justering controller's corrected version too. */
  checkUploadedPdf(file: UploadedFile | undefined): Promise<Buffer> {
    return checkUploadedPdf(this.pdfPool, file);
  }

  /**
   * Stores a PDF made elsewhere as a draft. One answer names every mistake of the form: the fields,
   * the signatories and the file together (the file is read only once the organ is known and the
   * caller may write to it). A file that is the only problem keeps its own error (415, 422, 413).
   */
  async upload(auth: AuthContext, raw: unknown, file: UploadedFile | undefined) {
    const { dto, issues } = readDto(UploadProtocolDto, raw);
    let organ: { id: string; name: string } | undefined;
    let fileError: DomainError | undefined;
    let bytes: Buffer | undefined;
    if (!issues.some((i) => i.path === 'organId')) {
      ensureAllowed(auth, 'protocol.write', { organisationId: auth.principal.organisationId, organId: dto.organId });
      organ = await knownOrgan(this.organisations, auth, dto.organId);
      try {
        bytes = await checkUploadedPdf(this.pdfPool, file);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        fileError = err;
      }
    }
    const meta = uploadMetadata(organ?.name ?? '', dto);
    if (fileError && !issues.length && !meta.issues.length) throw fileError;
    const all = [...issues, ...(fileError ? (fileError.details as FieldIssue[]) : []), ...meta.issues];
    if (all.length || !meta.data || !organ || !bytes) throw invalidFields(all);
    const data = meta.data;
    const now = new Date();
    const documentId = randomUUID();
    const entity: ProtocolEntity = {
      id: randomUUID(),
      organisationId: auth.principal.organisationId,
      organId: organ.id,
      source: 'uploaded',
      status: 'draft',
      title: dto.title,
      meetingDate: dto.meetingDate,
      data,
      documentId,
      createdBy: auth.principal.userId,
      createdAt: now,
      updatedAt: now,
      rowVersion: 1,
    };
    await this.protocols.insert(entity, {
      id: documentId,
      organisationId: entity.organisationId,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      mediaType: 'application/pdf',
      fileName: file!.originalname.slice(0, 255),
      content: bytes,
      createdAt: now,
    });
    return view(entity);
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
        const meta = uploadMetadata(organName, dto);
        if (issues.length || !meta.data) throw invalidFields([...issues, ...meta.issues]);
        return { title: dto.title, meetingDate: dto.meetingDate, data: meta.data, rowVersion: dto.rowVersion };
      },
    });
    return view(saved);
  }
}
