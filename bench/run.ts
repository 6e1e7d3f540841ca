/**
 * `npm run bench`: runs every bench/*.bench.ts module in this process, one after another, and writes
 * docs/benchmarks.md with the machine description and each module's section.
 *
 * A bench module exports `default async function (): Promise<BenchSection>`. Each section measures
 * our code and its baseline in the same run, on the same machine, so the numbers compare.
 * `npm run bench -- pdf` runs only modules whose file name contains "pdf" and replaces only their sections
 * in docs/benchmarks.md, keeping the others. Every section starts with the date, commit and load average
 * of its own run: on a shared machine the load average says how far the absolute numbers can be trusted.
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

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown'; // not a git checkout
  }
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

function machine(): string {
  const cpus = os.cpus();
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Commit: ${commit()}`,
    `- Load average (1 / 5 / 15 min) at the start: ${loadAverage()}`,
    `- CPU: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node.js: ${process.version} on ${os.platform()} ${os.release()}`,
  ].join('\n');
}

/**
 * The document with each given section (from its `## title` line to the next `## ` heading or the load
 * block) replaced by its new text, or appended before the load block when it was not there yet.
 */
export function replaceSections(doc: string, sections: BenchSection[]): string {
  const load = loadBlockOf(doc);
  let rest = load ? doc.replace(load, '') : doc;
  for (const s of sections) {
    const text = `## ${s.title}\n\n${s.markdown}\n`;
    const at = rest.indexOf(`\n## ${s.title}\n`);
    if (at < 0) {
      rest = `${rest.trimEnd()}\n\n${text}`;
      continue;
    }
    const next = rest.indexOf('\n## ', at + 1);
    rest = `${rest.slice(0, at + 1)}${text}${next < 0 ? '' : `\n${rest.slice(next + 1)}`}`;
  }
  return load ? `${rest.trimEnd()}\n\n${load}\n` : rest;
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
    const started = `_Run ${new Date().toISOString()}, commit ${commit()}, load average ${loadAverage()} at the start`;
    const section = await mod.default();
    section.markdown = `${started}, ${loadAverage()} at the end._\n\n${section.markdown}`;
    process.stdout.write(`${section.markdown}\n\n`);
    sections.push(section);
  }
  const body = [
    '# Benchmarks',
    '',
    'Written by `npm run bench`. Every number below was measured in the same run as its baseline,',
    'on this machine. Each section starts with its own run (date, commit, load average): `npm run bench -- <name>`',
    'replaces only the sections it ran. The machine is shared (2 cores, several sessions): a load average well above 2',
    'inflates wall-clock times, which is why the whole-process tables also give CPU time.',
    '',
    'Machine at the last full run:',
    '',
    machine(),
    '',
    ...sections.map((s) => `## ${s.title}\n\n${s.markdown}\n`),
  ].join('\n');
  // The figures of `npm run load` (scripts/load) live in the same file: keep them.
  const file = join(process.cwd(), 'docs', 'benchmarks.md');
  const load = existsSync(file) ? loadBlockOf(readFileSync(file, 'utf8')) : undefined;
  if (!filter || !existsSync(file)) writeFileSync(file, load ? `${body}\n${load}\n` : body);
  else {
    writeFileSync(file, replaceSections(readFileSync(file, 'utf8'), sections));
    process.stdout.write(
      `(filtered run: replaced ${sections.map((s) => `"${s.title}"`).join(', ')} in docs/benchmarks.md, kept the rest)\n`,
    );
  }
  const missed = sections.filter((s) => !s.goalMet);
  if (missed.length) {
    process.stdout.write(`goals missed: ${missed.map((s) => s.title).join(', ')}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
