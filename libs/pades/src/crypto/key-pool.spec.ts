import { RsaKeyPool } from './key-pool';

describe(RsaKeyPool.name, () => {
  it('hands out distinct RSA keys of the requested size, each once, and refills in the background', async () => {
    const pool = new RsaKeyPool(2, 1024);
    pool.warm();
    const keys = await Promise.all([pool.take(), pool.take(), pool.take()]);
    const pems = keys.map((k) => k.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(new Set(pems).size).toBe(3);
    for (const k of keys) {
      expect(k.asymmetricKeyType).toBe('rsa');
      expect(k.asymmetricKeyDetails?.modulusLength).toBe(1024);
    }
    for (let i = 0; i < 200 && pool.available < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(pool.available).toBe(2);
    pool.close();
    expect(pool.available).toBe(0);
  });
});
