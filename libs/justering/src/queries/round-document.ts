import { type Caller, DomainError } from '@justera/application';
import { readableProtocols } from './access';
import type { JusteringReads } from './ports';

export interface RoundDocumentQuery {
  caller: Caller;
  protocolId: string;
  roundId: string;
}

/**
 * The round's current version as a PDF with the signatures appended so far (the final PDF once the
 * round is completed, then named `justerat-…`), for the secretary (`GET …/justering/:roundId/document.pdf`).
 */
export class RoundDocument {
  constructor(private readonly reads: JusteringReads) {}

  async execute(query: RoundDocumentQuery): Promise<{ bytes: Uint8Array; fileName: string }> {
    const [p] = await readableProtocols(this.reads, query.caller, [query.protocolId], 'protocol.read');
    const round = (await this.reads.roundsOfProtocols(p.organisationId, [p.id])).find((r) => r.id === query.roundId);
    if (!round) throw new DomainError('not_found', 'Justeringen finns inte.');
    const version = (await this.reads.versionsOfRounds([round.id])).find((v) => v.id === round.currentVersionId)!;
    const doc = await this.reads.documentWithContent(p.organisationId, version.signedDocumentId);
    if (!doc) throw new DomainError('not_found', 'Dokumentet finns inte.');
    return { bytes: doc.content, fileName: `${round.status === 'completed' ? 'justerat-' : ''}${doc.fileName ?? 'protokoll.pdf'}` };
  }
}
