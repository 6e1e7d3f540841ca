import { randomUUID } from 'node:crypto';
import { type Caller, type Clock, ensureAllowed, invalidRequest } from '@justera/application';
import type { ProtocolIssue } from '../validate';
import { checkContent, structuredTitle } from './draft';
import type { ProtocolStore, StoredProtocol } from './ports';

export interface CreateProtocolCommand {
  caller: Caller;
  organId: string;
  /** The Protocol JSON as sent. */
  protocol: unknown;
  /** The editor's autosave: keep an incomplete protocol of the right shape. */
  draft: boolean;
}

/** The saved protocol and, for a draft, the issues left before it is complete. */
export interface SavedProtocol {
  protocol: StoredProtocol;
  errors: ProtocolIssue[];
  warnings: ProtocolIssue[];
}

/**
 * CreateProtocol: a structured protocol of one of the organisation's organs, stored as a draft. A
 * complete protocol must validate; a draft only needs the right shape. The title and meeting date come
 * from the protocol itself.
 */
export class CreateProtocol {
  constructor(
    private readonly store: ProtocolStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: CreateProtocolCommand): Promise<SavedProtocol> {
    const { caller, organId } = command;
    ensureAllowed(caller, 'protocol.write', { organisationId: caller.principal.organisationId, organId });
    const organ = await this.store.findOrgan(caller.principal.organisationId, organId);
    if (!organ) throw invalidRequest(`organId: okänt organ ${organId}`, [{ path: 'organId', message: 'Organet finns inte; välj ett av organen i listan.' }]);
    const checked = checkContent(command.protocol, command.draft);
    const now = this.clock.now();
    const protocol: StoredProtocol = {
      id: randomUUID(),
      organisationId: caller.principal.organisationId,
      organId,
      source: 'structured',
      status: 'draft',
      ...structuredTitle(checked.data),
      data: checked.data,
      documentId: null,
      createdBy: caller.principal.userId,
      createdAt: now,
      updatedAt: now,
      rowVersion: 1,
    };
    await this.store.insert(protocol);
    return { protocol, errors: checked.errors, warnings: checked.warnings };
  }
}
