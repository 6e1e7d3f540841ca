import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import type { LoadReport, Stat } from './driver';

export const LOAD_BEGIN = '<!-- load:begin -->';
export const LOAD_END = '<!-- load:end -->';

const s = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(ms < 10_000 ? 2 : 1) : '–');
const triple = (x: Stat) => `${s(x.p50)} / ${s(x.p95)} / ${s(x.max)} s`;
const mib = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');

/** The Markdown of one run (one mode), with the machine it ran on. */
export function renderLoadSection(r: LoadReport, meta: { commit: string; loadBefore: number; note: string }): string {
  const cpus = os.cpus();
  const mode = r.faults ? 'faults' : 'default';
  const lines = [
    `<!-- load:${mode}:begin -->`,
    `### ${r.faults ? `With faults (\`npm run load -- --n ${r.n} --faults\`)` : `Without faults (\`npm run load -- --n ${r.n}\`)`}`,
    '',
    `- Date: ${r.startedAt.toISOString()}, commit ${meta.commit}`,
    `- Machine: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length} (nproc ${os.availableParallelism()}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node.js ${process.version} on ${os.platform()} ${os.release()}`,
    `- Load average (1 min) just before the run: ${meta.loadBefore.toFixed(2)}${meta.note ? `. ${meta.note}` : ''}`,
    `- N = ${r.n} concurrent justeringar, three signatories each (sequential), every signer following the link in their mail; 2 api + 2 worker processes, PostgreSQL, Redis and the SMTP sink on loopback`,
    `- ${r.completed}/${r.n} rounds completed, ${r.posted}/${r.n} notices on the board, ${r.mails} mails received; ${r.durationS.toFixed(1)} s from the first start to the last notice: **${r.throughputPerS.toFixed(2)} justeringar/s**`,
    '',
    "| N | last approval → round completed, p50 / p95 / max | → notice on the board, p50 / p95 / max | next signer's mail after an approval, p50 / p95 | create + start, p50 / p95 |",
    '|---:|---|---|---|---|',
    `| ${r.n} | ${triple(r.completedMs)} | ${triple(r.boardMs)} | ${s(r.nextMailMs.p50)} / ${s(r.nextMailMs.p95)} s | ${s(r.startedMs.p50)} / ${s(r.startedMs.p95)} s |`,
    '',
  ];
  if (r.http.length) {
    lines.push(
      'HTTP, 50 keep-alive connections spread over both api processes, each target right after a `/health` round of the same length (a Node load generator in the driver process, which shares the two cores):',
      '',
      '| target | req/s | ratio to /health | p50 ms | p99 ms | non-200 |',
      '|---|---:|---:|---:|---:|---:|',
      ...r.http.map(
        (h) =>
          `| ${h.target} | ${h.rps.toFixed(0)} | ${h.ratio.toFixed(2)} | ${h.p50Ms.toFixed(1)} | ${h.p99Ms.toFixed(1)} | ${h.errors} |`,
      ),
      '',
    );
  }
  lines.push(
    "Per process (peak RSS = VmHWM from /proc/<pid>/status; CPU = utime + stime from /proc/<pid>/stat over the process's life):",
    '',
    '| process | peak RSS MiB | CPU s | CPU % of one core | logged |',
    '|---|---:|---:|---:|---:|',
    ...r.procs.map(
      (p) =>
        `| ${p.name} | ${mib(p.peakRssMiB)} | ${p.cpuS.toFixed(1)} | ${Number.isFinite(p.cpuPct) ? p.cpuPct.toFixed(0) : '–'} | ${Number.isFinite(p.logBytes) ? `${(p.logBytes / 1024).toFixed(0)} KiB` : '–'} |`,
    ),
    '',
  );
  if (r.faults) {
    lines.push(
      `Faults, injected as the approvals progressed (SMTP outage: every connection answered 421 and closed; ${r.smtpRefused} connections refused):`,
      '',
      '| fault | at s | took s | first mail after it, s | first round completed after it, s |',
      '|---|---:|---:|---:|---:|',
      ...r.faultLog.map(
        (f) =>
          `| ${f.what} | ${f.atS.toFixed(1)} | ${f.durationS.toFixed(1)} | ${f.firstMailAfterS?.toFixed(1) ?? '–'} | ${f.firstCompletionAfterS?.toFixed(1) ?? '–'} |`,
      ),
      '',
    );
  }
  lines.push(r.violations.length ? `**Exactly once violated** (${r.violations.length}):` : 'Exactly once held:', '');
  lines.push(...(r.violations.length ? r.violations.slice(0, 30).map((v) => `- ${v}`) : r.checks.map((c) => `- ${c}`)));
  if (r.violations.length > 30) lines.push(`- … and ${r.violations.length - 30} more`);
  if (r.findings.length) lines.push('', 'Found on the way:', '', ...r.findings.map((f) => `- ${f}`));
  lines.push('', `<!-- load:${mode}:end -->`);
  return lines.join('\n');
}

const INTRO = [
  '## Under load (`npm run load`)',
  '',
  'Written by `npm run load` (scripts/load): its own PostgreSQL and Redis (scripts/services.sh), a real',
  'SMTP sink, 2 api and 2 worker processes on loopback, N concurrent justeringar through the links in',
  "the mails. Latencies are from the database's timestamps (the last approval, `completed_at`, the",
  "posting's `posted_at`) and the sink's arrival times. `--faults` adds, in the same run, kill -9 of a",
  'worker, a Redis restart, a PostgreSQL restart and an SMTP outage, and checks exactly once. Each run',
  'replaces the previous figures of its mode; `npm run bench` keeps this section.',
  '',
].join('\n');

/** Replaces (or adds) the section of `mode` inside the load block of docs/benchmarks.md. */
export function writeLoadSection(file: string, mode: 'default' | 'faults', section: string): void {
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (!doc.includes(LOAD_BEGIN)) doc = `${doc.trimEnd()}\n\n${LOAD_BEGIN}\n${INTRO}\n${LOAD_END}\n`;
  const begin = `<!-- load:${mode}:begin -->`;
  const end = `<!-- load:${mode}:end -->`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i >= 0 && j > i) doc = `${doc.slice(0, i)}${section}${doc.slice(j + end.length)}`;
  else {
    // Without faults first, then with faults.
    const other = doc.indexOf('<!-- load:faults:begin -->');
    const at = mode === 'default' && other >= 0 ? other : doc.indexOf(LOAD_END);
    doc = `${doc.slice(0, at)}${section}\n\n${doc.slice(at)}`;
  }
  writeFileSync(file, doc);
}

/** The load block of an existing docs/benchmarks.md, for `npm run bench` to keep. */
export function loadBlockOf(doc: string): string | undefined {
  const i = doc.indexOf(LOAD_BEGIN);
  const j = doc.indexOf(LOAD_END);
  return i >= 0 && j > i ? doc.slice(i, j + LOAD_END.length) : undefined;
}
