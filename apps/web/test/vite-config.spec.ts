import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The workspace's vite config silences rollup's "use client" warning from @tiptap/react (the quick
 * start's console showed it on every build), and only that one. Vite is ESM-only, so the config is
 * loaded by vite itself in a child Node process, and its onwarn is called with made-up warnings.
 */
describe('apps/web/vite.config.ts onwarn', () => {
  it('drops the MODULE_LEVEL_DIRECTIVE "use client" warning and passes every other warning on', () => {
    const script = `
      const { loadConfigFromFile } = await import('vite');
      const r = await loadConfigFromFile({ command: 'build', mode: 'production' }, ${JSON.stringify(join(ROOT, 'apps', 'web', 'vite.config.ts'))});
      const onwarn = r.config.build.rollupOptions.onwarn;
      const passed = [];
      const warn = (w) => passed.push(w.code);
      onwarn({ code: 'MODULE_LEVEL_DIRECTIVE', message: 'Module level directives cause errors when bundled, "use client" in "node_modules/@tiptap/react/dist/index.js" was ignored.' }, warn);
      onwarn({ code: 'MODULE_LEVEL_DIRECTIVE', message: 'Module level directives cause errors when bundled, "use strict-ish" in "x.js" was ignored.' }, warn);
      onwarn({ code: 'CIRCULAR_DEPENDENCY', message: 'Circular dependency: a.ts -> b.ts -> a.ts' }, warn);
      onwarn({ code: 'EVAL', message: 'Use of eval is strongly discouraged' }, warn);
      process.stdout.write(JSON.stringify(passed));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(JSON.parse(out)).toEqual(['MODULE_LEVEL_DIRECTIVE', 'CIRCULAR_DEPENDENCY', 'EVAL']);
  });
});
