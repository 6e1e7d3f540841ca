import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { ROOT } from '../support/processes';
import { TestOidcProvider } from '../support/oidc-provider';

/**
 * The OIDC adapter of libs/identity (compiled, in its own Node process as in the api) against a real
 * OpenID provider (panva's oidc-provider, its own process): the happy path and the faults the
 * adapter must refuse. The signing pages' use of it is tested in signing-identity.e2e.ts.
 */
const REDIRECT = 'http://127.0.0.1:9/sign/identitet/tillbaka';

interface Pending {
  state: string;
  nonce: string;
  codeVerifier: string;
}
interface Answer {
  result?: { redirectUrl: string; pending: Pending } & Record<string, unknown>;
  error?: { code: string; detail: string };
}

class Driver {
  private child: ChildProcess;
  private waiting = new Map<number, (a: Answer) => void>();
  private next = 1;
  constructor(settings: Record<string, unknown>) {
    this.child = spawn(process.execPath, [join(ROOT, 'test', 'support', 'identity-driver.cjs')], {
      env: { PATH: process.env.PATH, IDENTITY_SETTINGS: JSON.stringify(settings) },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const a = JSON.parse(line) as Answer & { id: number };
      this.waiting.get(a.id)?.(a);
    });
  }
  call(cmd: Record<string, unknown>): Promise<Answer> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin!.write(JSON.stringify({ ...cmd, id }) + '\n');
    });
  }
  async start() {
    const a = await this.call({ op: 'start', redirectUri: REDIRECT });
    if (!a.result) throw new Error(`start: ${JSON.stringify(a.error)}`);
    return a.result;
  }
  finish(callbackUrl: URL | string, pending: Pending) {
    return this.call({ op: 'finish', callbackUrl: String(callbackUrl), pending, redirectUri: REDIRECT });
  }
  stop() {
    this.child.kill();
  }
}

jest.setTimeout(60_000);

describe('OIDC adapter against a real provider', () => {
  let idp: TestOidcProvider;
  let driver: Driver;
  let settings: Record<string, unknown>;

  beforeAll(async () => {
    idp = await new TestOidcProvider([REDIRECT]).start();
    settings = {
      label: 'Testlegitimation',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      scopes: 'openid profile',
      nameClaim: 'name',
      personalNumberClaim: 'personal_number',
      acrValues: ['loa3'],
      algorithms: ['RS256', 'PS256', 'ES256'],
      skewSeconds: 30,
      maxAuthAgeSeconds: 600,
      timeoutMs: 1500,
      allowHttp: true,
      secret: 'e2e-secret-0123456789abcdefghijklmnopqrstuvwxyz',
    };
    driver = new Driver(settings);
  }, 30_000);

  afterAll(async () => {
    driver?.stop();
    await idp?.stop();
  });

  afterEach(() => idp.setFaults({}));

  it('authorization code flow with PKCE, state and nonce: a verified identity, the personal number only hashed', async () => {
    const { redirectUrl, pending } = await driver.start();
    const auth = new URL(redirectUrl);
    expect(auth.origin).toBe(idp.issuer);
    expect(Object.fromEntries(auth.searchParams)).toMatchObject({
      client_id: 'justera',
      response_type: 'code',
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      prompt: 'login',
      acr_values: 'loa3',
      redirect_uri: REDIRECT,
    });
    expect(auth.searchParams.get('code_challenge')).not.toBe(pending.codeVerifier);
    const back = await idp.login(redirectUrl, 'oberg');
    expect(back.href.startsWith(REDIRECT)).toBe(true);
    const a = await driver.finish(back, pending);
    expect(a.error).toBeUndefined();
    expect(a.result).toMatchObject({ provider: 'Testlegitimation', iss: idp.issuer, sub: 'sub-oberg', name: 'ASA OBERG', acr: 'loa3' });
    expect(a.result!.personalNumberHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(a.result)).not.toContain('198112189876');
    expect(Math.abs(Date.parse(String(a.result!.authTime)) - Date.now())).toBeLessThan(60_000);

    // The same code again (a replayed callback) is refused by the provider.
    expect((await driver.finish(back, pending)).error?.code).toBe('code_rejected');
  });

  it('refuses a missing or wrong state before calling the provider', async () => {
    const { redirectUrl, pending } = await driver.start();
    const back = await idp.login(redirectUrl, 'oberg');
    const wrong = new URL(back);
    wrong.searchParams.set('state', 'x'.repeat(43));
    expect((await driver.finish(wrong, pending)).error?.code).toBe('state_mismatch');
    wrong.searchParams.delete('state');
    expect((await driver.finish(wrong, pending)).error?.code).toBe('state_mismatch');
    // Another authentication's pending values (its nonce and verifier) do not fit this code.
    const other = await driver.start();
    expect((await driver.finish(back, { ...other.pending, state: pending.state })).error?.code).toMatch(/code_rejected|nonce_mismatch/);
  });

  it('a cancelled login at the provider', async () => {
    const { redirectUrl, pending } = await driver.start();
    const back = new URL(REDIRECT);
    back.searchParams.set('error', 'access_denied');
    back.searchParams.set('state', pending.state);
    expect(redirectUrl).toContain(idp.issuer);
    expect((await driver.finish(back, pending)).error?.code).toBe('cancelled');
  });

  it.each([
    ['wrong_audience', { idToken: { aud: 'someone-else' } }],
    ['nonce_mismatch', { idToken: { nonce: 'not-the-nonce' } }],
    ['expired', { idToken: { exp: { rel: -3600 }, iat: { rel: -7200 } } }],
    ['not_yet_valid', { idToken: { iat: { rel: 3600 }, exp: { rel: 7200 } } }],
    ['not_yet_valid', { idToken: { nbf: { rel: 3600 } } }],
    ['acr_not_met', { idToken: { acr: 'loa2' } }],
    ['unexpected_alg', { alg: 'HS256' as const }],
  ])('refuses an ID token with %s (%j)', async (code, faults) => {
    const { redirectUrl, pending } = await driver.start();
    const back = await idp.login(redirectUrl, 'oberg');
    await idp.setFaults(faults);
    const a = await driver.finish(back, pending);
    expect(a.result).toBeUndefined();
    expect(a.error).toMatchObject({ code });
  });

  it('a slow provider times out, a stopped one is unavailable, and it works again when it is back', async () => {
    const { redirectUrl, pending } = await driver.start();
    const back = await idp.login(redirectUrl, 'oberg');
    await idp.setFaults({ delayMs: 4000 });
    const t0 = Date.now();
    expect((await driver.finish(back, pending)).error).toMatchObject({ code: 'provider_unavailable' });
    expect(Date.now() - t0).toBeLessThan(3500);
    await idp.setFaults({});

    const before = await driver.start();
    await idp.stop();
    // The token endpoint does not answer.
    const fake = new URL(REDIRECT);
    fake.searchParams.set('code', 'some-code');
    fake.searchParams.set('state', before.pending.state);
    fake.searchParams.set('iss', idp.issuer);
    expect((await driver.finish(fake, before.pending)).error?.code).toBe('provider_unavailable');
    // A process that discovered the provider before it stopped: the start discovers again and says so
    // at once, instead of sending the browser to a provider that does not answer.
    const t1 = Date.now();
    expect((await driver.call({ op: 'start', redirectUri: REDIRECT })).error?.code).toBe('provider_unavailable');
    expect(Date.now() - t1).toBeLessThan(1500);
    // Nothing to discover: a process that has not met the provider yet cannot even start.
    const fresh = new Driver(settings);
    try {
      expect((await fresh.call({ op: 'start', redirectUri: REDIRECT })).error?.code).toBe('provider_unavailable');
    } finally {
      fresh.stop();
    }
    await idp.start(idp.port);
    const again = await driver.start();
    const ok = await driver.finish(await idp.login(again.redirectUrl, 'norgren'), again.pending);
    expect(ok.result).toMatchObject({ name: 'Thomas Erik Norgren', sub: 'sub-norgren' });
  }, 30_000);
});
