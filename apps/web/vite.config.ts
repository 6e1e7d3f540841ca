/**
 * The secretary's workspace (docs/architecture.md, "The workspace"). `npm run build` builds it into
 * dist/web; the api serves it under /arbetsyta with a CSP that allows scripts from 'self' only, so the
 * build emits no inline script or style (Vite's module preload polyfill is an inline-free import).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/arbetsyta/',
  publicDir: false,
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // @tiptap/react starts with "use client" (a React Server Components directive); bundling drops it,
      // which is right for a client-only app, and rollup warns about it on every build (the quick start's
      // console showed it). Only that known-harmless warning is silenced; every other one still shows.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && /['"]use client['"]/.test(warning.message)) return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/login': 'http://localhost:3000' } },
});
