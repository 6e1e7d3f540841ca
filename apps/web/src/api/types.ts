/**
 * Response shapes the workspace reads. The OpenAPI document declares request bodies and parameters
 * (typed through schema.d.ts) but not yet the responses, so these mirror the api's views
 * (protocols.service.ts `view`, justering.service.ts `status`).
 */
export type Role = 'sekreterare' | 'ordforande' | 'justerare';

export interface Me {
  name: string;
  role: 'admin' | 'sekreterare' | 'revisor';
  organisationId: string;
  /** The organisation's name: a new protocol's "Organisation (kommun, region, förbund)". */
  organisationName: string;
  organIds: string[];
  csrfToken?: string;
}

export interface Organ {
  id: string;
  name: string;
  storagePlace: string | null;
  /** Set on the admin's organ page (apps/api/src/admin/organ-defaults.ts); the editor fills a new protocol from them. */
  defaults?: OrganDefaults;
}

export interface OrganDefaults {
  signatories: { role: Role; name: string; email: string }[];
  substitutes: { name: string; email?: string }[];
  members: { name: string; party?: string; municipality?: string }[];
}

export interface SignatoryInput {
  role: Role;
  name: string;
  email?: string;
}

export interface Substitute {
  name: string;
  email?: string;
}

export interface UploadMetadata {
  organ: string;
  meetingDate: string;
  meetingTime: string | null;
  paragraphs: string | null;
  storagePlace: string;
  justeringPlace: string | null;
  justeringDate: string | null;
  justeringTime: string | null;
  order?: 'sequential' | 'parallel';
  signatories: SignatoryInput[];
  substitutes?: Substitute[];
}

export interface ProtocolView {
  id: string;
  organId: string;
  source: 'structured' | 'uploaded';
  status: 'draft' | 'justering' | 'justerat' | 'cancelled';
  title: string;
  meetingDate: string;
  rowVersion: number;
  createdAt: string;
  updatedAt: string;
  protocol?: { signatories: (SignatoryInput & { organisation?: string })[]; [key: string]: unknown };
  metadata?: UploadMetadata;
  documentId?: string;
}

export interface RoundSignatory {
  id: string;
  role: Role;
  roleSv: string;
  name: string;
  email: string;
  state: 'waiting' | 'sent' | 'opened' | 'signed' | 'change_requested';
  stateSv: string;
  turn: boolean;
  signedAt: string | null;
  changeRequestedAt: string | null;
  changeComment: string | null;
}

export interface Round {
  id: string;
  status: 'active' | 'change_requested' | 'signing' | 'completed' | 'cancelled';
  statusSv: string;
  order: 'sequential' | 'parallel';
  paragraphs: number[] | null;
  deadline: string;
  deadlinePassed: boolean;
  completedAt: string | null;
  cancelledAt: string | null;
  /** Approvals whose signature the worker has not appended yet, and its last failure (a code). */
  signing: { pending: number; error: string | null; failures: number };
  version: { id: string; number: number; sha256: string };
  versions: { id: string; number: number; sha256: string; reason: string | null; createdAt: string }[];
  signatories: RoundSignatory[];
}

export interface Status {
  protocolId: string;
  title: string;
  organ: string;
  protocolStatus: ProtocolView['status'];
  rounds: Round[];
}

/** A protocol's document (GET /api/protocols/:id/documents, libs/justering queries/protocol-documents.ts). */
export interface ProtocolDocument {
  kind: 'frozen' | 'justerat' | 'posted' | 'anslagsbevis';
  nameSv: string;
  descriptionSv: string;
  titleSv: string;
  relationSv: string | null;
  documentId: string;
  sha256: string;
  size: number;
  roundId: string;
  versionNumber: number | null;
  current: boolean;
  url: string;
  publicUrl: string | null;
}

/** A round's notice on the anslagstavla (GET /api/anslag/notices?protocolId=, libs/anslag ListProtocolNotices). */
export interface Notice {
  id: string;
  roundId: string;
  /** scheduled (waiting for its posting hour), current or archived, as stored. */
  storedState: 'scheduled' | 'current' | 'archived';
  postAt: string | null;
  postedDate: string | null;
  lastAppealDay: string | null;
  takeDownDate: string | null;
  awaitingPostings: boolean;
  /** The public notice page. */
  noticeUrl: string;
}

/** One frozen version with its change request and answer (GET /api/protocols/:id/versions). */
export interface VersionEntry {
  roundId: string;
  number: number;
  sha256: string;
  createdAt: string;
  current: boolean;
  reason: string | null;
  changeRequest?: { name: string; roleSv: string; comment: string } | null;
  changes?: string[];
}

export const ROLE_SV: Record<Role, string> = { sekreterare: 'Sekreterare', ordforande: 'Ordförande', justerare: 'Justerare' };
export const STATUS_SV: Record<ProtocolView['status'], string> = {
  draft: 'Utkast',
  justering: 'Under justering',
  justerat: 'Justerat',
  cancelled: 'Avbrutet',
};
