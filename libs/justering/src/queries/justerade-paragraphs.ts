import type { Caller } from '@justera/application';
import type { Round } from '../usecases/ports';
import { readableProtocols } from './access';
import type { JusteringReads } from './ports';

/**
 * The §§ of a protocol justerade on their own (omedelbar justering): those of its completed rounds
 * of single §§. A whole-protocol justering marks them as already justerade (libs/protocol
 * `withImmediatelyAdjusted`), and so does the preview of what it would freeze.
 */
export function paragraphsJusteradeOnTheirOwn(rounds: readonly Round[]): number[] {
  return rounds.filter((r) => r.status === 'completed' && r.paragraphs).flatMap((r) => r.paragraphs!);
}

export interface JusteradeParagraphsQuery {
  caller: Caller;
  protocolId: string;
}

/** The §§ of the protocol justerade on their own so far (the protocol's PDF preview, `GET /api/protocols/:id/pdf`). */
export class JusteradeParagraphs {
  constructor(private readonly reads: JusteringReads) {}

  async execute(query: JusteradeParagraphsQuery): Promise<number[]> {
    const [p] = await readableProtocols(this.reads, query.caller, [query.protocolId], 'protocol.read');
    return paragraphsJusteradeOnTheirOwn(await this.reads.roundsOfProtocols(p.organisationId, [p.id]));
  }
}
