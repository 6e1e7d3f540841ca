/**
 * The one HTML escaper for the HTML this repo builds as strings: the protocol's HTML rendering
 * (libs/protocol), the validation report fragment (libs/validation) and the mail layout (libs/mail).
 * Server-rendered pages do not build strings: they are TSX rendered by preact-render-to-string, which
 * escapes every text and attribute value itself (apps/api/src/views, docs/architecture.md).
 * XML (the anslag feeds) has its own `escapeXml` in libs/anslag: XML cannot carry some characters
 * HTML can, and uses &apos;.
 */

/** Escapes text for HTML element content and for single- or double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
