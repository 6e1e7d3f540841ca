import type { ClassifyLink, LinkVerdict } from '../usecases/classify-link';
import type { JusteringReads } from './ports';

export interface LinkDocumentQuery {
  /** The signing link's token (from the URL). */
  token: string;
}

/**
 * The frozen PDF a signing link's signer approves (`GET /sign/:token/document.pdf`): read-only, also
 * after signing. A link that is not valid, superseded, of a cancelled round or expired answers with
 * its verdict (ClassifyLink's), and the page says why; a waiting, change-requested or open link (and
 * one already used to sign) gets the version's bytes and SHA-256.
 */
export class LinkDocument {
  constructor(
    private readonly classifyLink: ClassifyLink,
    private readonly reads: JusteringReads,
  ) {}

  async execute(query: LinkDocumentQuery): Promise<{ bytes: Uint8Array; sha256: string } | LinkVerdict> {
    const v = await this.classifyLink.execute({ token: query.token });
    if (v.kind === 'invalid' || v.kind === 'superseded' || v.kind === 'cancelled' || v.kind === 'expired') return v;
    const doc = await this.reads.documentWithContent(v.ctx.round.organisationId, v.ctx.version.documentId);
    if (!doc) return { kind: 'invalid' };
    return { bytes: doc.content, sha256: v.ctx.version.sha256 };
  }
}
