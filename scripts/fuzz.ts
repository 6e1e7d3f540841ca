/**
 * `npm run fuzz -- [--cases N] [--seed S]`: mutation fuzzing of the PDF signature validator.
 * Fails (exit 1) on any crash, any validation slower than 2 s, or any mutated file judged valid
 * although bytes covered by a signature changed. Prints the seed of every failure; rerun one case
 * with `npm run fuzz -- --seed <seed> --cases 1`.
 */
import { fuzzValidation } from '@justera/validation';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    process.stderr.write(`fuzz: --${name} needs a non-negative integer\n`);
    process.exit(2);
  }
  return v;
}

const cases = arg('cases', 10000);
const seed = arg('seed', 1);
const t = Date.now();
const res = fuzzValidation({ cases, seed, log: (l) => process.stdout.write(`${l}\n`) });
process.stdout.write(
  `fuzz: ${res.cases} cases from seed ${seed} in ${((Date.now() - t) / 1000).toFixed(1)} s; slowest ${res.slowestMs} ms; ` +
    `verdicts ${JSON.stringify(res.verdicts)}; ${res.failures.length} failure(s)\n`,
);
for (const f of res.failures) process.stdout.write(`  seed ${f.seed}: ${f.mutation}: ${f.reason.split('\n')[0]}\n`);
process.exitCode = res.failures.length ? 1 : 0;
