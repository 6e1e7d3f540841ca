import { type Caller, DomainError } from '@justera/application';
import { writableProtocol } from './context';
import type { ProtocolStore } from './ports';

export interface RemoveProtocolCommand {
  caller: Caller;
  protocolId: string;
}

/** RemoveProtocol: only a draft is removed (`not_draft`), with its uploaded document. */
export class RemoveProtocol {
  constructor(private readonly store: ProtocolStore) {}

  async execute(command: RemoveProtocolCommand): Promise<void> {
    const p = await writableProtocol(this.store, command.caller, command.protocolId);
    if (p.status !== 'draft') throw new DomainError('not_draft', 'Bara utkast kan tas bort.');
    await this.store.delete(p.organisationId, p.id);
  }
}
