/**
 * `npm run bench`: runs every bench/*.bench.ts module in this process, one after another, and writes
 * docs/benchmarks.md with the machine description and each module's section.
 *
 * A bench module exports `default async function (): Promise<BenchSection>`. Each section measures
 * our code and its baseline in the same run, on the same machine, so the numbers compare.
 * `npm run bench -- pdf` runs only modules whose file name contains "pdf".
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { loadBlockOf } from '../scripts/load/report';

export interface BenchSection {
  /** Heading of the section in docs/benchmarks.md. */
  title: string;
  /** Markdown body: what was measured, a table of numbers, the goal and whether it was met. */
  markdown: string;
  /** False when a stated goal was missed; the run still writes the file but exits non-zero. */
  goalMet: boolean;
}

function machine(): string {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Commit: ${commit}`,
    `- CPU: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node.js: ${process.version} on ${os.platform()} ${os.release()}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const dir = __dirname;
  const files = readdirSync(dir)
    .filter((f) => /\.bench\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  const sections: BenchSection[] = [];
  for (const file of files) {
    process.stdout.write(`bench: ${file} …\n`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dir, file)) as { default: () => Promise<BenchSection> };
    const section = await mod.default();
    process.stdout.write(`${section.markdown}\n\n`);
    sections.push(section);
  }
  const body = [
    '# Benchmarks',
    '',
    'Written by `npm run bench`. Every number below was measured in the same run as its baseline,',
    'on this machine:',
    '',
    machine(),
    '',
    ...sections.map((s) => `## ${s.title}\n\n${s.markdown}\n`),
  ].join('\n');
  // The figures of `npm run load` (scripts/load) live in the same file: keep them.
  const file = join(process.cwd(), 'docs', 'benchmarks.md');
  const load = existsSync(file) ? loadBlockOf(readFileSync(file, 'utf8')) : undefined;
  if (!filter) writeFileSync(file, load ? `${body}\n${load}\n` : body);
  else process.stdout.write('(filtered run: docs/benchmarks.md left unchanged)\n');
  const missed = sections.filter((s) => !s.goalMet);
  if (missed.length) {
    process.stdout.write(`goals missed: ${missed.map((s) => s.title).join(', ')}\n`);
    process.exitCode = 1;
  }
}

void main();
