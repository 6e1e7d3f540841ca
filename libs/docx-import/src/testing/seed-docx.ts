/**
 * Test support: the three seed protocols (plain text of real protocols, ../shared/seeds) turned
 * into real .docx files by pandoc, a Debian tool — not hand-written XML. The seeds are Markdown-ish
 * with one line per printed line, so pandoc reads them with `hard_line_breaks` (and without `smart`, which would curl the seeds' straight quotes): each line of an
 * attendance block stays a line (a `<w:br/>`), as in the Word documents meeting systems write.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const SEED_NAMES = ['gemensam-namnd-2020-02-14', 'halsingeradet-protokoll-627-638', 'kommunforbundet-styrelse-2024-12-13'] as const;
export type SeedName = (typeof SEED_NAMES)[number];

const repoRoot = path.join(__dirname, '..', '..', '..', '..');

/** ../shared/seeds next to the checkout (a worktree under /work/wt/<name> looks two levels up). */
export function seedsDir(): string {
  const candidates = [path.join(repoRoot, '..', 'shared', 'seeds'), path.join(repoRoot, '..', '..', 'shared', 'seeds')];
  const found = candidates.find((d) => existsSync(path.join(d, `${SEED_NAMES[0]}.txt`)));
  if (!found) throw new Error(`The seed protocols were not found (looked in ${candidates.join(', ')}).`);
  return found;
}

export function fixture(name: SeedName): any {
  return JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'protocols', `${name}.json`), 'utf8'));
}

/** Fails with a clear message when pandoc is missing (CI installs it: scripts/services.sh). */
export function requirePandoc(): void {
  const r = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(
      'pandoc is not installed: the .docx import tests make their Word documents with it. Install it with `apt-get install pandoc` (scripts/services.sh start does).',
    );
  }
}

/** Makes `<dir>/<name>.docx` from the seed with pandoc and returns its path. */
export function seedDocx(name: SeedName, dir = mkdtempSync(path.join(tmpdir(), 'justera-docx-'))): string {
  requirePandoc();
  const out = path.join(dir, `${name}.docx`);
  const r = spawnSync('pandoc', ['-f', 'markdown+hard_line_breaks-smart', '-t', 'docx', '-o', out, path.join(seedsDir(), `${name}.txt`)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`pandoc failed for ${name}: ${r.stderr}`);
  return out;
}
