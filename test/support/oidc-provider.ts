import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, ROOT, waitFor } from './processes';

/** A test user of the provider: logs in with username/password, has these verified claims. */
export interface OidcTestUser {
  sub: string;
  password: string;
  name: string;
  given_name: string;
  family_name: string;
  personal_number?: string;
  acr?: string;
  /** For staff single sign-on (scope email). */
  email?: string;
  email_verified?: boolean;
}

/**
 * The test users: one per signatory of the test protocols (justera-flow.ts: Thomas Norgren, Mikael
 * Löthstam, Åsa Öberg), with the verified names a provider would give (a middle name, no diacritics),
 * and one whose name matches nobody.
 */
export const OIDC_TEST_USERS: Record<string, OidcTestUser> = {
  norgren: {
    sub: 'sub-norgren',
    password: 'pw',
    name: 'Thomas Erik Norgren',
    given_name: 'Thomas Erik',
    family_name: 'Norgren',
    personal_number: '197001019876',
  },
  lothstam: {
    sub: 'sub-lothstam',
    password: 'pw',
    name: 'Mikael Löthstam',
    given_name: 'Mikael',
    family_name: 'Löthstam',
    personal_number: '196505054321',
  },
  oberg: { sub: 'sub-oberg', password: 'pw', name: 'ASA OBERG', given_name: 'Asa', family_name: 'Oberg', personal_number: '198112189876' },
  falk: {
    sub: 'sub-falk',
    password: 'pw',
    name: 'Kerstin Falk',
    given_name: 'Kerstin',
    family_name: 'Falk',
    personal_number: '199002021234',
  },
};

export interface OidcFaults {
  /** Claims of the ID token replaced ({rel: seconds} for a time relative to now; null removes one). */
  idToken?: Record<string, unknown>;
  /** Re-sign the ID token with HS256 and the client secret. */
  alg?: 'HS256';
  /** Delay every token endpoint answer. */
  delayMs?: number;
}

/**
 * panva's oidc-provider in its own process on a free loopback port (test/support/oidc-provider-server.mjs):
 * a real OpenID provider with a plain HTML login form. `env()` gives the api's JUSTERA_OIDC_* variables.
 */
export class TestOidcProvider {
  readonly clientId = 'justera';
  readonly clientSecret = 'justera-test-secret-0123456789';
  port = 0;
  readonly output: string[] = [];
  private child?: ChildProcess;

  constructor(
    /** The api's callback URL(s) the client registers. */
    public redirectUris: string[],
    readonly users: Record<string, OidcTestUser> = OIDC_TEST_USERS,
    /** Where the provider may send the browser after its logout (RP-initiated logout). */
    private readonly postLogoutRedirectUris: string[] = [],
  ) {}

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port?: number): Promise<this> {
    this.port = port ?? (this.port || (await freePort()));
    this.output.length = 0;
    this.child = spawn(process.execPath, [join(ROOT, 'test', 'support', 'oidc-provider-server.mjs')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        OIDC_PORT: String(this.port),
        OIDC_CLIENT_ID: this.clientId,
        OIDC_CLIENT_SECRET: this.clientSecret,
        OIDC_REDIRECT_URIS: this.redirectUris.join(','),
        OIDC_USERS: JSON.stringify(this.users),
        OIDC_POST_LOGOUT_REDIRECT_URIS: this.postLogoutRedirectUris.join(','),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      this.output.push(d.toString());
      if (this.output.length > 500) this.output.shift();
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    await waitFor(
      'the OpenID provider',
      async () =>
        this.output.join('').includes('ready ') ||
        (this.child?.exitCode !== null ? Promise.reject(new Error(this.output.join(''))) : false),
      20_000,
    );
    return this;
  }

  /** JUSTERA_OIDC_* for an api that uses this provider. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      JUSTERA_OIDC_ISSUER: this.issuer,
      JUSTERA_OIDC_CLIENT_ID: this.clientId,
      JUSTERA_OIDC_CLIENT_SECRET: this.clientSecret,
      JUSTERA_OIDC_SCOPES: 'openid profile',
      JUSTERA_OIDC_PNR_CLAIM: 'personal_number',
      JUSTERA_OIDC_ACR_VALUES: 'loa3',
      JUSTERA_OIDC_PROVIDER_LABEL: 'Testlegitimation',
      // The product's default: a start discovers the provider again, and on a loaded two-core CI machine
      // (two test workers, their api and worker processes, Chromium) a 2 s bound was missed now and then.
      // A provider that is down refuses the connection at once, so the "does not answer" tests stay fast.
      JUSTERA_OIDC_TIMEOUT_MS: '10000',
      ...extra,
    };
  }

  async setFaults(faults: OidcFaults): Promise<void> {
    const r = await fetch(`${this.issuer}/__faults`, { method: 'POST', body: JSON.stringify(faults) });
    if (r.status !== 204) throw new Error(`faults: ${r.status}`);
  }

  /**
   * Logs a user in over HTTP from the provider's authorization URL (as a browser would, following
   * redirects within the provider; cookies kept) and returns the URL it sends the browser back to
   * (the api's callback with code and state).
   */
  async login(authorizationUrl: string, username: string, password = this.users[username]?.password ?? 'x'): Promise<URL> {
    const jar = new Map<string, string>();
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const remember = (r: Response) => {
      for (const c of r.headers.getSetCookie()) {
        const [kv] = c.split(';');
        const i = kv.indexOf('=');
        jar.set(kv.slice(0, i), kv.slice(i + 1));
      }
    };
    let url = new URL(authorizationUrl);
    let method = 'GET';
    let body: string | undefined;
    for (let i = 0; i < 10; i++) {
      if (!url.href.startsWith(this.issuer)) return url;
      const r = await fetch(url, {
        method,
        redirect: 'manual',
        headers: { cookie: cookie(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        body,
      });
      remember(r);
      method = 'GET';
      body = undefined;
      if (r.status >= 300 && r.status < 400) {
        url = new URL(r.headers.get('location')!, url);
        continue;
      }
      const html = await r.text();
      const action = html.match(/<form method="post" action="([^"]+\/login)"/)?.[1];
      if (r.status !== 200 || !action) throw new Error(`provider page ${r.status}: ${html.slice(0, 300)}`);
      url = new URL(
        action.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n))),
        url,
      );
      method = 'POST';
      body = new URLSearchParams({ username, password }).toString();
    }
    throw new Error('too many redirects at the provider');
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 5000).unref();
    });
  }
}
