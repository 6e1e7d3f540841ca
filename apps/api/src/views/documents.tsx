import { PROTOCOL_DOCUMENT_SV, type ProtocolDocumentKind } from '@justera/sv';

/**
 * A document of a protocol as a page offers it (docs/glossary.md, "The documents of a protocol"):
 * its name as the link, what it is, its own SHA-256 and size right beside its own download, and how
 * it relates to the document it contains. The dashboard, the secretary's notice page and the public
 * notice page all list documents with this component.
 */
export interface OfferedDocument {
  kind: ProtocolDocumentKind;
  /** "Justerat protokoll", "Version 2 att justera (osignerad)" (libs/sv protocolDocumentTitleSv). */
  title: string;
  href: string;
  sha256: string;
  size: number;
  /** libs/sv protocolDocumentRelationSv, or null. */
  relation: string | null;
  /** A short note after the title ("ersatt av version 2"). */
  note?: string | null;
}

/** "412 kB" (whole kilobytes, at least 1). */
export function sizeSv(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('sv-SE')} kB`;
}

/** A list of documents, each with its own checksum next to its own download. */
export function DocumentList({ docs, label }: { docs: OfferedDocument[]; label: string }) {
  return (
    <ul class="documents" aria-label={label}>
      {docs.map((d) => (
        <li class={`document document-${d.kind}`}>
          <a href={d.href} type="application/pdf">
            {d.title}
          </a>{' '}
          (PDF, {sizeSv(d.size)}){d.note ? ` – ${d.note}` : ''}
          <br />
          <span class="muted">{PROTOCOL_DOCUMENT_SV[d.kind].description}</span>
          <br />
          SHA-256: <code class="checksum">{d.sha256}</code>
          {d.relation && (
            <>
              <br />
              <span class="relation">{d.relation}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
