import { generateKeyPair, KeyObject } from 'node:crypto';

/** A fresh RSA private key, generated on libuv's thread pool (never blocking the event loop). */
export function generateRsaKeyAsync(bits: number): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: bits }, (err, _publicKey, privateKey) => (err ? reject(err) : resolve(privateKey)));
  });
}

/**
 * Fresh one-use signer keys, generated ahead of need. RSA-2048 generation costs ~100 ms of CPU; done
 * synchronously per signature it blocked the worker's event loop (mail, relay and every other job
 * waited). Here keys are made off the event loop, `size` of them are kept ready, and each one is handed
 * out exactly once and then forgotten (the pool never returns a key twice and never stores keys on disk).
 */
export class RsaKeyPool {
  private readonly ready: KeyObject[] = [];
  private filling = 0;
  private closed = false;

  constructor(
    private readonly size = 4,
    private readonly bits = 2048,
  ) {}

  /** Starts filling the pool (call at start-up; `take` also refills). */
  warm(): void {
    this.refill();
  }

  /** A fresh key, never handed out before: from the pool, or generated now (off the event loop). */
  async take(): Promise<KeyObject> {
    const key = this.ready.shift();
    this.refill();
    return key ?? generateRsaKeyAsync(this.bits);
  }

  /** Keys ready now. */
  get available(): number {
    return this.ready.length;
  }

  close(): void {
    this.closed = true;
    this.ready.length = 0;
  }

  private refill(): void {
    while (!this.closed && this.ready.length + this.filling < this.size) {
      this.filling++;
      generateRsaKeyAsync(this.bits)
        .then((k) => {
          if (!this.closed) this.ready.push(k);
        })
        .catch(() => undefined) // the next take() generates its own
        .finally(() => {
          this.filling--;
        });
    }
  }
}
