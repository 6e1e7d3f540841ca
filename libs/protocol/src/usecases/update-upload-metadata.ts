import { type Caller, type Clock, DomainError } from '@justera/application';
import { staleError, writableProtocol } from './context';
import type { ProtocolStore, StoredProtocol } from './ports';

/** An uploaded protocol's new metadata, as the form gave it once read and checked. */
export interface UploadMetadataChange {
  title: string;
  meetingDate: string;
  /** The upload's metadata (organ, places, times, signatories, substitutes, order). */
  data: unknown;
  /** The row version the form read; without it the save is not checked against another's. */
  rowVersion?: number;
}

export interface UpdateUploadMetadataCommand {
  caller: Caller;
  protocolId: string;
  /**
   * Reads and checks the form (the api's DTO and the signatories' field issues), throwing
   * `invalid_request` with every field issue. Called only once the edit is allowed, so a form
   * mistake never hides `structured` or `not_draft`; it gets the stored organ name, which the
   * metadata keeps.
   */
  read(organName: string): UploadMetadataChange;
}

/**
 * UpdateUploadMetadata: the metadata (and signatories) of an uploaded protocol change while it is a
 * draft. A structured protocol changes in the editor (`structured`), anything but a draft not at all
 * (`not_draft`), and a save on top of another's is refused (`stale`).
 */
export class UpdateUploadMetadata {
  constructor(
    private readonly store: ProtocolStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdateUploadMetadataCommand): Promise<StoredProtocol> {
    const p = await writableProtocol(this.store, command.caller, command.protocolId);
    if (p.source !== 'uploaded') throw new DomainError('structured', 'Ett skrivet protokoll ändras i redigeraren (PUT /api/protocols/:id).');
    if (p.status !== 'draft') throw new DomainError('not_draft', 'Protokollet är inte längre ett utkast och kan inte ändras.');
    const organName = ((p.data as { organ?: string }) ?? {}).organ ?? '';
    const change = command.read(organName);
    if (change.rowVersion !== undefined && change.rowVersion !== p.rowVersion) throw staleError();
    const next: StoredProtocol = { ...p, data: change.data, title: change.title, meetingDate: change.meetingDate, updatedAt: this.clock.now() };
    if (!(await this.store.saveIfUnchanged(next))) throw staleError();
    return { ...next, rowVersion: next.rowVersion + 1 };
  }
}
