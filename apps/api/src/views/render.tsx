/**
 * The view layer's mechanism: a page is a TSX component over a typed view model, rendered to a string
 * by preact-render-to-string. Every text and attribute value is escaped by the renderer; markup that
 * is already HTML can only enter through `<TrustedHtml>` below, with a `Trusted` value whose origin
 * is named at the call site. See docs/architecture.md ("View layer").
 */
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** A complete HTML document: the doctype plus the rendered `<html>` element. */
export function renderPage(page: VNode): string {
  return `<!doctype html>\n${renderToString(page)}`;
}

/**
 * HTML produced by a renderer that escapes on its own (the protocol's HTML in libs/protocol, the
 * validation report in libs/validation). Made only by `trusted(html, source)`, so a grep for
 * `trusted(` lists every place raw HTML enters a page.
 */
export interface Trusted {
  readonly __trustedHtml: string;
  /** Which renderer made it, for the reader of the code. */
  readonly source: string;
}

export function trusted(html: string, source: 'libs/protocol renderProtocolHtml' | 'libs/validation renderHtml'): Trusted {
  return { __trustedHtml: html, source };
}

type Container = 'div' | 'section';

/** The escape hatch: a container element whose content is `html`, not escaped. */
export function TrustedHtml(props: { html: Trusted; as?: Container; id?: string; class?: string; 'aria-label'?: string }): VNode {
  const { html, as: Tag = 'div', ...attrs } = props;
  return <Tag {...attrs} dangerouslySetInnerHTML={{ __html: html.__trustedHtml }} />;
}

/** Children of a component, for view-model-free building blocks. */
export type Children = ComponentChildren;
