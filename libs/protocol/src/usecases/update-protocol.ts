import { type Caller, type Clock, DomainError } from '@justera/application';
import { writableProtocol, staleError } from './context';
import type { SavedProtocol } from './create-protocol';
import { checkContent, structuredTitle } from './draft';
import type { ProtocolStore, StoredProtocol } from './ports';

export interface UpdateProtocolCommand {
  caller: Caller;
  protocolId: string;
  /** The Protocol JSON as sent. */
  protocol: unknown;
  /** The row version the editor read; without it the save is not checked against another's. */
  rowVersion?: number;
  /** The editor's autosave: keep an incomplete protocol of the right shape. */
  draft: boolean;
}

/**
 * UpdateProtocol: the editor's save of a structured protocol. Only a draft changes (`not_draft`), an
 * uploaded protocol is never edited (`uploaded`), and a save on top of another's is refused (`stale`:
 * the row version it read moved, before or while saving). The title and meeting date follow the
 * protocol.
 */
export class UpdateProtocol {
  constructor(
    private readonly store: ProtocolStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdateProtocolCommand): Promise<SavedProtocol> {
    const p = await writableProtocol(this.store, command.caller, command.protocolId);
    if (p.status !== 'draft') throw new DomainError('not_draft', 'Protokollet är inte längre ett utkast och kan inte ändras.');
    if (p.source !== 'structured') throw new DomainError('uploaded', 'Ett uppladdat protokoll kan inte redigeras; ladda upp en ny PDF.');
    if (command.rowVersion !== undefined && command.rowVersion !== p.rowVersion) throw staleError();
    const checked = checkContent(command.protocol, command.draft);
    const next: StoredProtocol = { ...p, data: checked.data, ...structuredTitle(checked.data), updatedAt: this.clock.now() };
    if (!(await this.store.saveIfUnchanged(next))) throw staleError();
    return { protocol: { ...next, rowVersion: next.rowVersion + 1 }, errors: checked.errors, warnings: checked.warnings };
  }
}
