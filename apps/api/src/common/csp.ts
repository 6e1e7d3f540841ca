/**
 * Security headers (helmet) with four Content-Security-Policies: a strict one for everything the api
 * serves, one for the Swagger UI page at /api/docs, one for the workspace under /arbetsyta and one for
 * the dashboard's protocol page (its live-status script). See docs/security.md.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

type Directives = Record<string, string[]>;

/**
 * Every server-rendered page (login, protocol list, /justering, /sign/<token>, /validera,
 * /anslagstavla/<slug>, /dev/outbox, error pages) works without JavaScript and loads no script, so
 * no script may run at all: an injected <script>, event-handler attribute or javascript: URL is
 * refused by the browser even if escaping ever failed.
 */
export const PAGE_CSP: Readonly<Directives> = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'none'"],
  scriptSrcAttr: ["'none'"],
  // One served stylesheet (/assets/justera.<hash>.css, apps/api/src/views): no <style> block and no
  // style="" attribute on any page, so an injected one is refused too.
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  // The signing page shows the protocol PDF in an <iframe> from this origin.
  frameSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  // Nothing is meant to be framed by other sites (docs/anslag.md has no embedding of the board or
  // its feeds in municipal websites); the signing page frames its own PDF.
  frameAncestors: ["'self'"],
};

/**
 * Swagger UI (@nestjs/swagger) loads its bundle and init script from /api/docs/*.js and sets inline
 * styles (a <style> block in its page and style attributes from its script); it needs scripts from
 * this origin, nothing inline, and inline styles on this one page only.
 */
export const DOCS_CSP: Readonly<Directives> = {
  ...PAGE_CSP,
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
};

/**
 * The secretary's workspace (apps/web under /arbetsyta): a script-driven app whose bundle is served
 * from this origin. Scripts and styles from 'self' only (no inline script or style, no CDN); the PDF
 * preview of a file not yet uploaded is a blob: URL in an iframe.
 */
export const WORKSPACE_CSP: Readonly<Directives> = {
  ...PAGE_CSP,
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  frameSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
};

/**
 * One protocol's dashboard page (/justering/<protocol>): the server-rendered page works without
 * JavaScript, and one script from this origin (/assets/dashboard-live.<hash>.js) updates its live
 * status (docs/justering.md, "Live status"). Scripts from 'self' only: no inline script, event-handler
 * attribute or javascript: URL runs, as on every other page.
 */
export const DASHBOARD_CSP: Readonly<Directives> = {
  ...PAGE_CSP,
  scriptSrc: ["'self'"],
  connectSrc: ["'self'"],
};

/**
 * The API key page (/admin/api-nycklar): its copy button for a new key is one script from this origin
 * (/assets/admin-keys.<hash>.js); the page works without it. Nothing else is loosened.
 */
export const ADMIN_KEYS_CSP: Readonly<Directives> = {
  ...PAGE_CSP,
  scriptSrc: ["'self'"],
};

/** The API key page, which loads the copy-button script. */
export const ADMIN_KEYS_PAGES = /^\/admin\/api-nycklar\/?$/i;

/** The dashboard pages that load the live-status script. */
export const DASHBOARD_PAGES = /^\/justering\/[0-9a-f-]{36}\/?$/i;

/** The workspace's pages and assets. */
export const WORKSPACE_PAGES = /^\/arbetsyta(\/|$)/i;

/** The Swagger UI page itself (not its assets or openapi.json); Express routes case-insensitively. */
export const DOCS_PAGE = /^\/api\/docs\/?$/i;

/**
 * The origins the pages' forms may end up at besides 'self': the staff single sign-on provider (the
 * SSO button and the logout redirect there) and the signers' e-legitimation provider ("Identifiera dig
 * med e-legitimation" is a POST answered with a redirect to it). Browsers check a form's redirects
 * against `form-action` too, so without it Chromium stops the signer at our own page.
 */
export function providerOrigins(issuers: (string | undefined | null)[]): string[] {
  return [...new Set(issuers.filter((i): i is string => !!i).map((i) => new URL(i).origin))];
}

/**
 * helmet's headers, with the strict policy everywhere except the Swagger UI page. `upgrade-insecure-requests`
 * only when the service is published over https: an intranet installation on plain http (other
 * than localhost) would otherwise have browsers try https for its own forms and PDFs.
 */
export function securityHeaders(opts: { https: boolean; formActionOrigins?: string[] }): RequestHandler {
  const upgrade: Directives = opts.https ? { upgradeInsecureRequests: [] } : {};
  // Browsers apply form-action to the redirects after a form too: the staff single sign-on form
  // (GET /login/sso) and the logout form (POST /logout) redirect to the organisation's provider,
  // whose origin must therefore be allowed (docs/identity.md, "Staff single sign-on").
  const forms: Directives = opts.formActionOrigins?.length ? { formAction: ["'self'", ...opts.formActionOrigins] } : {};
  const make = (directives: Readonly<Directives>) =>
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { ...directives, ...forms, ...upgrade } },
      crossOriginEmbedderPolicy: false,
      // HSTS over plain http is meaningless at best and, on an intranet name later moved to https,
      // pins browsers to a certificate that may not exist yet: only when published over https.
      strictTransportSecurity: opts.https,
    });
  const pages = make(PAGE_CSP);
  const docs = make(DOCS_CSP);
  const workspace = make(WORKSPACE_CSP);
  const dashboard = make(DASHBOARD_CSP);
  const keys = make(ADMIN_KEYS_CSP);
  const pick = (path: string) =>
    DOCS_PAGE.test(path)
      ? docs
      : WORKSPACE_PAGES.test(path)
        ? workspace
        : DASHBOARD_PAGES.test(path)
          ? dashboard
          : ADMIN_KEYS_PAGES.test(path)
            ? keys
            : pages;
  return (req: Request, res: Response, next: NextFunction) => pick(req.path)(req, res, next);
}
