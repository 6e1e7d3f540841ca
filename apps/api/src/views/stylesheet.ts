import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The one stylesheet, read once at start. It sits next to this file in the source tree and is
 * copied beside the compiled file by `npm run build` (scripts/copy-assets.js). Its URL carries a
 * hash of its content, so browsers may keep it for a year and still get a changed one at once.
 */
const css = readFileSync(join(__dirname, 'justera.css'));
const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);

export const STYLESHEET = {
  css,
  hash,
  /** The URL pages link to. */
  path: `/assets/justera.${hash}.css`,
  etag: `"${hash}"`,
} as const;

/** The site's icon: an SVG for browsers that take one (linked from every page), an ICO at /favicon.ico. */
export const FAVICON = {
  svg: readFileSync(join(__dirname, 'favicon.svg')),
  ico: readFileSync(join(__dirname, 'favicon.ico')),
} as const;

/**
 * The dashboard's one script (dashboard-live.js: its live status, docs/justering.md), read once at
 * start and served like the stylesheet under a hashed URL.
 */
const liveJs = readFileSync(join(__dirname, 'dashboard-live.js'));
const liveHash = createHash('sha256').update(liveJs).digest('hex').slice(0, 12);

/** The API key page's copy button (admin-keys.js), served the same way. */
const keysJs = readFileSync(join(__dirname, 'admin-keys.js'));
const keysHash = createHash('sha256').update(keysJs).digest('hex').slice(0, 12);

export const ADMIN_KEYS_SCRIPT = {
  js: keysJs,
  hash: keysHash,
  path: `/assets/admin-keys.${keysHash}.js`,
  etag: `"${keysHash}"`,
} as const;

export const DASHBOARD_SCRIPT = {
  js: liveJs,
  hash: liveHash,
  path: `/assets/dashboard-live.${liveHash}.js`,
  etag: `"${liveHash}"`,
} as const;
