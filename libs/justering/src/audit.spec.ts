import { execFileSync } from 'node:child_process';
import { auditHash, AuditRecord, canonicalEvent, chainEvent, GENESIS_HASH, verifyChain } from './audit';

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      chainEvent(out[i - 1] ?? null, {
        protocolId: 'p1',
        roundId: 'r1',
        type: i === 0 ? 'round.created' : 'signed',
        at: new Date(Date.UTC(2025, 2, 5, 9, i)),
        actor: i === 0 ? 'user:u1' : `signatory:s${i}`,
        ip: '192.0.2.1',
        userAgent: 'Mozilla/5.0',
        transactionId: `tx-${i}`,
        data: { sha256: 'ab'.repeat(32), z: 1, a: [2, { y: 1, b: 2 }] },
      }),
    );
  }
  return out;
}

describe('verifyChain', () => {
  it('accepts an intact chain, in any order given', () => {
    const c = chain(5);
    expect(c[0].prevHash).toBe(GENESIS_HASH);
    expect(c[3].prevHash).toBe(c[2].hash);
    expect(verifyChain([...c].reverse())).toEqual({ ok: true, count: 5, head: c[4].hash });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: GENESIS_HASH });
  });
  it.each([
    ['an edited field', (c: AuditRecord[]) => (c[2] = { ...c[2], actor: 'signatory:someone-else' }), 3, 'hash_mismatch'],
    ['an edited time', (c: AuditRecord[]) => (c[1] = { ...c[1], at: new Date(c[1].at.getTime() + 1) }), 2, 'hash_mismatch'],
    ['an edited data value', (c: AuditRecord[]) => (c[4] = { ...c[4], data: { ...c[4].data, z: 2 } }), 5, 'hash_mismatch'],
    ['a deleted event', (c: AuditRecord[]) => c.splice(2, 1), 4, 'sequence_gap'],
    ['a re-hashed edit', (c: AuditRecord[]) => {
      const e = { ...c[1], actor: 'x' };
      c[1] = { ...e, hash: auditHash(e.prevHash, e) };
    }, 3, 'broken_link'],
  ])('detects %s', (_l, tamper, seq, problem) => {
    const c = chain(5);
    tamper(c);
    const v = verifyChain(c);
    expect(v.ok).toBe(false);
    expect(v.firstBad).toMatchObject({ seq, problem });
  });
});

describe('auditHash', () => {
  it('is SHA-256 over the documented bytes (checked with openssl)', () => {
    const e = chain(1)[0];
    const input = `justera-audit-v1\n${GENESIS_HASH}\n${canonicalEvent(e)}`;
    const out = execFileSync('openssl', ['dgst', '-sha256', '-r'], { input }).toString().split(' ')[0];
    expect(e.hash).toBe(out);
  });
  it('is independent of key order in data', () => {
    const e = chain(1)[0];
    expect(canonicalEvent({ ...e, data: { a: [2, { b: 2, y: 1 }], z: 1, sha256: 'ab'.repeat(32) } })).toBe(canonicalEvent(e));
  });
});
