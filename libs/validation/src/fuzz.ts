/**
 * Mutation fuzzing of the validator: signed PDFs are mutated (random bytes, ByteRange numbers,
 * truncation, appended revisions, duplicated objects, CMS bytes, splices) and every result must be
 * a report (no exception), produced within the time limit, and never a valid verdict that accepts
 * a signature whose bytes or ByteRange changed. Deterministic: case i of seed S uses seed S+i.
 */
import { validatePdf } from './validate';
import { renderHtml } from './render';
import { appendRevision, basePdf, signPdf } from './testing/pdf';
import { deterministicPki } from './testing/pki';

export interface FuzzOptions {
  cases: number;
  /** First seed (default 1). Case i runs with seed `seed + i`. */
  seed?: number;
  /** A validation slower than this fails the run (default 2000 ms). */
  maxMs?: number;
  /** Progress callback. */
  log?: (line: string) => void;
}

export interface FuzzFailure {
  seed: number;
  mutation: string;
  reason: string;
}

export interface FuzzResult {
  cases: number;
  failures: FuzzFailure[];
  slowestMs: number;
  verdicts: Record<string, number>;
}

/** mulberry32 */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIXED_NOW = new Date('2026-06-01T12:00:00Z');

interface Fixture {
  name: string;
  pdf: Buffer;
  /** Each signature field's ByteRange in the unmutated file. */
  signed: Map<string, number[]>;
}

let fixtures: { list: Fixture[]; anchors: string[] } | undefined;

export function fuzzFixtures(): { list: Fixture[]; anchors: string[] } {
  if (fixtures) return fixtures;
  const pki = deterministicPki();
  const t = new Date('2026-05-01T10:00:00Z');
  const one = signPdf(basePdf(), { signer: pki.sekreterare, chain: [pki.root], field: 'Sekreterare', crls: [pki.crl], signingTime: t, contentsSize: 4096 });
  let three = basePdf({ pages: 2 });
  three = signPdf(three, { signer: pki.sekreterare, chain: [pki.root], field: 'Sekreterare', crls: [pki.crl], signingTime: t, contentsSize: 4096 });
  three = signPdf(three, { signer: pki.ordforande, chain: [pki.root], field: 'Ordforande', crls: [pki.crl], signingTime: t, contentsSize: 6144, tsa: { cert: pki.tsa, chain: [pki.root], time: t } });
  three = signPdf(three, { signer: pki.justerare, chain: [pki.root], field: 'Justerare', crls: [pki.crl], signingTime: t, contentsSize: 4096 });
  const anchors = [pki.root.pem];
  const list: Fixture[] = [];
  for (const [name, pdf] of [['one-signature', one], ['three-signatures', three]] as const) {
    const r = validatePdf(pdf, { trustAnchors: anchors, now: FIXED_NOW });
    if (r.verdict !== 'GILTIG') throw new Error(`fuzz fixture ${name} is ${r.verdict}, expected GILTIG: ${r.summary.en}`);
    const signed = new Map<string, number[]>();
    for (const s of r.signatures) signed.set(s.field, s.byteRange.values!);
    list.push({ name, pdf, signed });
  }
  fixtures = { list, anchors };
  return fixtures;
}

type Mutator = (pdf: Buffer, rnd: () => number) => Buffer;

const int = (rnd: () => number, n: number): number => Math.floor(rnd() * n);

const MUTATORS: [string, Mutator][] = [
  [
    'random-bytes',
    (pdf, rnd) => {
      const out = Buffer.from(pdf);
      const k = 1 + int(rnd, 8);
      for (let i = 0; i < k; i++) out[int(rnd, out.length)] = int(rnd, 256);
      return out;
    },
  ],
  [
    'byterange-number',
    (pdf, rnd) => {
      const text = pdf.toString('latin1');
      const all = [...text.matchAll(/\/ByteRange \[([0-9 ]+)\]/g)];
      const m = all[int(rnd, all.length)];
      if (!m) return pdf;
      const digits = [...m[1]!.matchAll(/\d/g)];
      const out = Buffer.from(pdf);
      const k = 1 + int(rnd, 3);
      for (let i = 0; i < k; i++) {
        const d = digits[int(rnd, digits.length)]!;
        out[m.index! + '/ByteRange ['.length + d.index!] = 0x30 + int(rnd, 10);
      }
      return out;
    },
  ],
  ['truncate', (pdf, rnd) => pdf.subarray(0, int(rnd, pdf.length))],
  [
    'appended-revision',
    (pdf, rnd) => {
      // Re-define an existing object with a small change (or unchanged) in a new revision.
      const text = pdf.toString('latin1');
      const objs = [...text.matchAll(/\n(\d+) 0 obj\n([\s\S]*?)\nendobj/g)].filter((m) => !m[2]!.includes('stream'));
      const m = objs[int(rnd, objs.length)];
      if (!m) return pdf;
      let body = m[2]!;
      const choice = int(rnd, 4);
      if (choice === 1) body = body.replace(/\d+/, (x) => String(Number(x) + 1));
      if (choice === 2) body = body.replace('>>', ' /Extra (x) >>');
      if (choice === 3) body = body.replace(/\/Contents \d+ 0 R/, '/Contents 1 0 R');
      try {
        return appendRevision(pdf, new Map([[Number(m[1]), body]]));
      } catch {
        return Buffer.concat([pdf, Buffer.from(`${m[1]} 0 obj\n${body}\nendobj\n`, 'latin1')]);
      }
    },
  ],
  [
    'duplicated-object',
    (pdf, rnd) => {
      const text = pdf.toString('latin1');
      const objs = [...text.matchAll(/\n\d+ 0 obj\n[\s\S]*?\nendobj\n/g)];
      const m = objs[int(rnd, objs.length)];
      if (!m) return pdf;
      const at = int(rnd, pdf.length);
      return Buffer.concat([pdf.subarray(0, at), Buffer.from(m[0], 'latin1'), pdf.subarray(at)]);
    },
  ],
  [
    'cms-bytes',
    (pdf, rnd) => {
      const text = pdf.toString('latin1');
      const all = [...text.matchAll(/\/Contents <([0-9a-f]+)>/g)];
      const m = all[int(rnd, all.length)];
      if (!m) return pdf;
      const out = Buffer.from(pdf);
      const used = m[1]!.replace(/(00)+$/, '').length || 2;
      const k = 1 + int(rnd, 4);
      for (let i = 0; i < k; i++) out[m.index! + '/Contents <'.length + int(rnd, used)] = '0123456789abcdef'.charCodeAt(int(rnd, 16));
      return out;
    },
  ],
  [
    'splice',
    (pdf, rnd) => {
      const a = int(rnd, pdf.length);
      const len = int(rnd, 2000);
      const b = int(rnd, pdf.length);
      return Buffer.concat([pdf.subarray(0, b), pdf.subarray(a, a + len), pdf.subarray(b + int(rnd, 50))]);
    },
  ],
];

/**
 * Why a valid verdict on `mutated` is wrong, or undefined when it is right: every signature the
 * report accepts must be one of the original's, with the same ByteRange, over unchanged bytes.
 * (Cutting the file at a revision boundary legitimately drops the later signatures; the others
 * stay valid. That is inherent to incremental signing: the knownDocument lookup catches it.)
 */
function wronglyValid(orig: Fixture, mutated: Buffer, r: ReturnType<typeof validatePdf>): string | undefined {
  if (!r.signatures.length) return 'valid verdict without signatures';
  for (const s of r.signatures) {
    const br = orig.signed.get(s.field);
    if (!br) return `accepted a signature "${s.field}" that the original does not have`;
    if (JSON.stringify(br) !== JSON.stringify(s.byteRange.values)) return `accepted "${s.field}" with a changed ByteRange`;
    for (let i = 0; i < br.length; i += 2) {
      const [a, b] = [br[i]!, br[i]! + br[i + 1]!];
      if (mutated.length < b || !mutated.subarray(a, b).equals(orig.pdf.subarray(a, b))) return `accepted "${s.field}" although its signed bytes changed`;
    }
  }
  return undefined;
}

/** Runs one case; returns a failure or undefined. */
export function fuzzCase(seed: number, maxMs = 2000): { failure?: FuzzFailure; ms: number; verdict?: string } {
  const { list, anchors } = fuzzFixtures();
  const rnd = prng(seed);
  const fx = list[int(rnd, list.length)]!;
  const [name, mutate] = MUTATORS[int(rnd, MUTATORS.length)]!;
  let pdf = fx.pdf;
  const rounds = 1 + (rnd() < 0.2 ? 1 : 0);
  const names: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const [n, m] = i === 0 ? [name, mutate] : MUTATORS[int(rnd, MUTATORS.length)]!;
    names.push(n);
    pdf = m(pdf, rnd);
  }
  const mutation = `${fx.name}: ${names.join(' + ')}`;
  const t = Date.now();
  let verdict: string | undefined;
  try {
    const r = validatePdf(pdf, { trustAnchors: anchors, now: FIXED_NOW, timeLimitMs: maxMs });
    verdict = r.verdict;
    JSON.stringify(r);
    renderHtml(r);
    const ms = Date.now() - t;
    if (ms > maxMs) return { ms, verdict, failure: { seed, mutation, reason: `validation took ${ms} ms` } };
    const wrong = r.verdict === 'GILTIG' || r.verdict === 'GILTIG MED ANMÄRKNING' ? wronglyValid(fx, pdf, r) : undefined;
    if (wrong) return { ms, verdict, failure: { seed, mutation, reason: `judged ${r.verdict}: ${wrong}` } };
    return { ms, verdict };
  } catch (e) {
    return { ms: Date.now() - t, verdict, failure: { seed, mutation, reason: `crash: ${(e as Error).stack ?? String(e)}` } };
  }
}

export function fuzzValidation(o: FuzzOptions): FuzzResult {
  const seed0 = o.seed ?? 1;
  const res: FuzzResult = { cases: 0, failures: [], slowestMs: 0, verdicts: {} };
  for (let i = 0; i < o.cases; i++) {
    const c = fuzzCase(seed0 + i, o.maxMs);
    res.cases++;
    res.slowestMs = Math.max(res.slowestMs, c.ms);
    if (c.verdict) res.verdicts[c.verdict] = (res.verdicts[c.verdict] ?? 0) + 1;
    if (c.failure) {
      res.failures.push(c.failure);
      o.log?.(`FAIL seed ${c.failure.seed} (${c.failure.mutation}): ${c.failure.reason}`);
    }
    if (o.log && (i + 1) % 1000 === 0) o.log(`${i + 1}/${o.cases} cases, ${res.failures.length} failures, slowest ${res.slowestMs} ms`);
  }
  return res;
}
