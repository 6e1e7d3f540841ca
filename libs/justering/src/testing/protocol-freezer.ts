import type { FreezeRequest, ProtocolFreezer } from '../usecases/ports';

/**
 * A ProtocolFreezer for the specs: an uploaded protocol's "PDF" is its document id, a structured
 * protocol's the JSON of what would be rendered (so the same protocol freezes to the same bytes and
 * a changed one to other bytes). Records every request.
 */
export class FakeProtocolFreezer implements ProtocolFreezer {
  requests: FreezeRequest[] = [];
  /** Runs once, during the next freeze (another write of the protocol between rendering and the lock). */
  during?: () => Promise<unknown>;

  async freeze(request: FreezeRequest) {
    this.requests.push(request);
    const during = this.during;
    this.during = undefined;
    await during?.();
    const p = request.protocol;
    if (!request.render) return { bytes: new TextEncoder().encode(`%PDF uploaded ${p.documentId}`), fileName: 'uppladdat.pdf' };
    const { protocol, paragraphs } = request.render;
    const text = `%PDF ${JSON.stringify({ protocol, paragraphs, identityLevel: request.identityLevel })}`;
    return { bytes: new TextEncoder().encode(text), fileName: `${paragraphs ? 'protokollsutdrag' : 'protokoll'}-${p.meetingDate}.pdf` };
  }
}
