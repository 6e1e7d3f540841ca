import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { createHash, randomUUID } from 'node:crypto';
import { visibleOrganIds, roleMay } from '@justera/auth';
import { JusteradeParagraphs, signatoryFieldIssues, substituteFieldIssues } from '@justera/justering';
import { renderProtocolPdf, type SignatoryIdentification, UnsupportedCharactersError } from '@justera/pdf';
import {
  CreateProtocol,
  issueView,
  RemoveProtocol,
  type SavedProtocol,
  type StoredProtocol,
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
import type { DocxImportOutcome, PdfInspection } from '../isolation/pdf-jobs';
import { ImportDocxDto, UpdateMetadataDto, UploadMetadataDto, UploadProtocolDto } from './protocols.dto';
import { FieldIssue, readDto } from '../common/validation';
import type { UploadedFile } from './uploaded-pdf';

export type { UploadedFile };

/** Signatories of an uploaded protocol (the rest of its metadata is in UploadProtocolDto). */
interface UploadSignatory {
  role: 'sekreterare' | 'ordforande' | 'justerare';
  name: string;
  email?: string;
}

/** What an uploaded protocol's `data` holds (its PDF is the document). */
export interface UploadMetadata {
  organ: string;
  meetingDate: string;
  meetingTime: string | null;
  paragraphs: string | null;
  storagePlace: string;
  justeringPlace: string | null;
  justeringDate: string | null;
  justeringTime: string | null;
  order: 'sequential' | 'parallel';
  signatories: UploadSignatory[];
  substitutes: { name: string; email?: string }[];
}

/** The one answer to a form with mistakes: every field issue in `details`. */
function invalidFields(issues: FieldIssue[]): DomainError {
  return invalidRequest(`Uppgifterna är ogiltiga: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

/** What the api answers for a protocol (an entity of the list, or a use case's stored protocol). */
function view(p: StoredProtocol | ProtocolEntity) {
  return {
    id: p.id,
    organId: p.organId,
    source: p.source,
    status: p.status,
    title: p.title,
    meetingDate: p.meetingDate,
    rowVersion: p.rowVersion,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(p.source === 'structured' ? { protocol: p.data } : { metadata: p.data, documentId: p.documentId }),
  };
}

/** A draft's answer: the protocol with the issues left before it is complete. */
const withIssues = (saved: SavedProtocol) => ({ ...view(saved.protocol), errors: saved.errors.map(issueView), warnings: saved.warnings.map(issueView) });

/** The largest Word document the import reads (below the upload limit, MAX_UPLOAD_MB, when that is lower). */
export const DOCX_MAX_BYTES = 20 * 1024 * 1024;

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

  private async organ(auth: AuthContext, organId: string) {
    const organ = await this.organisations.findOrgan(auth.principal.organisationId, organId);
    if (!organ) throw invalidRequest(`organId: okänt organ ${organId}`, [{ path: 'organId', message: 'Organet finns inte; välj ett av organen i listan.' }]);
    return organ;
  }

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

  /**
   * Parses and checks the signatories and substitutes of an uploaded protocol (JSON-encoded form
   * fields) and builds its stored metadata: the data, or the field issues.
   */
  private uploadMetadata(organName: string, dto: UploadMetadataDto): { data: UploadMetadata; issues: [] } | { data?: undefined; issues: FieldIssue[] } {
    const issues: FieldIssue[] = [];
    const parseList = (field: 'signatories' | 'substitutes'): unknown[] => {
      const raw = dto[field];
      // Not a string: the DTO check has said so already.
      if (raw === undefined || raw === '' || typeof raw !== 'string') return [];
      try {
        return JSON.parse(raw) as unknown[];
      } catch {
        issues.push({ path: field, message: 'Ogiltig JSON.' });
        return [];
      }
    };
    const signatories = parseList('signatories');
    const substitutes = parseList('substitutes');
    issues.push(...signatoryFieldIssues(signatories), ...substituteFieldIssues(substitutes));
    if (issues.length) return { issues };
    const clean = <T extends { name: string; email?: string }>(s: T) => ({ ...s, name: s.name.trim(), ...(s.email?.trim() ? { email: s.email.trim() } : { email: undefined }) });
    return {
      issues: [],
      data: {
        organ: organName,
        meetingDate: dto.meetingDate,
        meetingTime: dto.meetingTime ?? null,
        paragraphs: dto.paragraphs ?? null,
        storagePlace: dto.storagePlace,
        justeringPlace: dto.justeringPlace ?? null,
        justeringDate: dto.justeringDate ?? null,
        justeringTime: dto.justeringTime ?? null,
        order: dto.order ?? 'sequential',
        signatories: (signatories as UploadSignatory[]).map((s) => clean({ role: s.role, name: s.name, email: s.email })),
        substitutes: (substitutes as { name: string; email?: string }[]).map((s) => clean({ name: s.name, email: s.email })),
      },
    };
  }

  /**
   * The checks every uploaded protocol PDF passes before anything is stored (a new protocol, or a
   * corrected version during a round): present, a PDF, readable, not encrypted. The size limit is
   * multer's (`MAX_UPLOAD_MB`, 413). The file is parsed in a child process of the PDF pool
   * (docs/security.md): a hostile file cannot stall or exhaust the api, it only ends its own child.
   * Each error names the field `file` in its details, for the workspace's form.
   */
  async checkUploadedPdf(file: UploadedFile | undefined): Promise<Buffer> {
    const onFile = (code: 'unsupported_media_type' | 'unreadable_pdf' | 'encrypted_pdf' | 'pdf_too_complex', message?: string) => {
      const err = new DomainError(code, message);
      return new DomainError(code, err.message, [{ path: 'file', message: err.message }]);
    };
    if (!file) throw invalidRequest('file: en PDF-fil krävs (multipart-fältet "file").', [{ path: 'file', message: 'Välj en PDF-fil.' }]);
    const bytes = file.buffer;
    const head = bytes.subarray(0, 1024).toString('latin1');
    if (!head.includes('%PDF-')) throw onFile('unsupported_media_type', 'Filen är inte en PDF.');
    const outcome = await this.pdfPool.run<PdfInspection>({ kind: 'inspect', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), timeLimitMs: this.pdfPool.jobTimeLimitMs });
    if (!outcome.ok) {
      const why = outcome.reason === 'timeout' ? 'den tar för lång tid att läsa' : outcome.reason === 'memory' ? 'den kräver mer minne än uppladdningen får använda' : 'ett internt fel uppstod vid läsningen';
      throw onFile(outcome.reason === 'crashed' ? 'unreadable_pdf' : 'pdf_too_complex', `PDF-filen kan inte tas emot: ${why}. Spara den på nytt (till exempel som PDF/A) och ladda upp igen.`);
    }
    const inspection = outcome.value;
    if (!inspection.ok) throw onFile('unreadable_pdf', `PDF-filen går inte att läsa: ${inspection.message}.`);
    if (inspection.encrypted) throw onFile('encrypted_pdf');
    return bytes;
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
      organ = await this.organ(auth, dto.organId);
      try {
        bytes = await this.checkUploadedPdf(file);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        fileError = err;
      }
    }
    const meta = this.uploadMetadata(organ?.name ?? '', dto);
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

  /**
   * Reads a Word document into a protocol draft (docs/import.md) and returns it with the report and
   * the validation result. Nothing is saved: the secretary checks and completes the draft, then saves
   * it with POST /api/protocols. Authorised like creating a protocol in the organ. The document is
   * read in a child of the parsing pool (time and memory bounded); libs/docx-import refuses a zip bomb
   * before mammoth inflates anything.
   */
  async importDocx(auth: AuthContext, raw: unknown, file: UploadedFile | undefined) {
    const { dto, issues } = readDto(ImportDocxDto, raw);
    if (issues.some((i) => i.path === 'organId')) throw invalidFields(issues);
    ensureAllowed(auth, 'protocol.write', { organisationId: auth.principal.organisationId, organId: dto.organId });
    const organ = await this.organ(auth, dto.organId);
    if (issues.length) throw invalidFields(issues);
    const onFile = (code: 'unsupported_media_type' | 'docx_too_large' | 'docx_nothing_recognised', message: string) =>
      new DomainError(code, message, [{ path: 'file', message }]);
    if (!file)
      throw invalidRequest('file: ett Word-dokument (.docx) krävs (multipart-fältet "file").', [
        { path: 'file', message: 'Välj ett Word-dokument (.docx).' },
      ]);
    if (file.size > DOCX_MAX_BYTES)
      throw onFile('docx_too_large', `Word-dokumentet är för stort (högst ${DOCX_MAX_BYTES / 1024 / 1024} MB).`);
    const organisation = await this.organisations.findOrganisation(auth.principal.organisationId);
    const bytes = file.buffer;
    const outcome = await this.pdfPool.run<DocxImportOutcome>({
      kind: 'docx-import',
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
      defaults: {
        organisation: dto.organisation ?? organisation?.name,
        organ: dto.organ ?? organ.name,
        meetingDate: dto.meetingDate,
        meetingPlace: dto.meetingPlace,
        storagePlace: dto.storagePlace,
      },
    });
    if (!outcome.ok) {
      if (outcome.reason === 'crashed') throw onFile('unsupported_media_type', 'Word-dokumentet går inte att läsa.');
      throw onFile(
        'docx_too_large',
        'Word-dokumentet kräver mer tid eller minne än importen får använda. Dela upp det eller spara det på nytt och försök igen.',
      );
    }
    const r = outcome.value;
    if (!r.ok) {
      const code = r.code === 'not-docx' ? 'unsupported_media_type' : r.code === 'too-large' ? 'docx_too_large' : 'docx_nothing_recognised';
      throw onFile(code, r.message);
    }
    return r.result;
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
        const meta = this.uploadMetadata(organName, dto);
        if (issues.length || !meta.data) throw invalidFields([...issues, ...meta.issues]);
        return { title: dto.title, meetingDate: dto.meetingDate, data: meta.data, rowVersion: dto.rowVersion };
      },
    });
    return view(saved);
  }
}
