import { request } from './http';
import { AppProcess, appEnv, freePort, waitFor } from './processes';
import { TestSmtpServer } from './smtp';

export interface SystemOptions {
  /** Start the worker next to the api (default true). */
  worker?: boolean;
  /**
   * Start a TestSmtpServer and point SMTP_URL at it (default true). Without it the apps get no
   * SMTP_URL and mail stays in the development outbox.
   */
  smtp?: boolean;
  /** How long the api may take to answer /health with 200 (default 60 s). */
  healthTimeoutMs?: number;
}

/** A running system under test: the compiled api (and worker) as processes, and the test's SMTP server. */
export interface System {
  /** `http://127.0.0.1:<port>`, also the apps' PUBLIC_URL. */
  readonly base: string;
  readonly port: number;
  /** The env both apps were started with (appEnv plus the extra env). */
  readonly env: Record<string, string>;
  /** The test SMTP server; throws when the system was started with `smtp: false`. */
  readonly smtp: TestSmtpServer;
  readonly api: AppProcess;
  /** The current worker process; throws when the system was started with `worker: false`. */
  readonly worker: AppProcess;
  /** Stops the current worker if it still runs (SIGTERM) and starts a new one with the same env. */
  restartWorker(): Promise<AppProcess>;
  /** The last `tail` characters of each process's log, for error messages. */
  logs(tail?: number): string;
  /** Stops api and worker, then the SMTP server. */
  stop(): Promise<void>;
}

/**
 * Starts the system as an e2e or browser test needs it: a TestSmtpServer, the api and the worker on a
 * free port with `appEnv({ PORT, PUBLIC_URL, MAIL_FROM, SMTP_URL, ...extraEnv })`, and waits for
 * /health. A failed start stops whatever it started and throws with the logs of api and worker.
 */
export async function startSystem(extraEnv: Record<string, string> = {}, opts: SystemOptions = {}): Promise<System> {
  const smtp = opts.smtp === false ? undefined : await new TestSmtpServer().start();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = appEnv({
    PORT: String(port),
    PUBLIC_URL: base,
    MAIL_FROM: 'Justera <justera@test.example>',
    ...(smtp ? { SMTP_URL: smtp.url } : {}),
    ...extraEnv,
  });
  const api = new AppProcess('api', env).start();
  let worker = opts.worker === false ? undefined : new AppProcess('worker', env).start();

  const system: System = {
    base,
    port,
    env,
    api,
    get smtp(): TestSmtpServer {
      if (!smtp) throw new Error('this system runs without a test SMTP server (smtp: false)');
      return smtp;
    },
    get worker(): AppProcess {
      if (!worker) throw new Error('this system runs without a worker (worker: false)');
      return worker;
    },
    async restartWorker() {
      if (!worker) throw new Error('this system runs without a worker (worker: false)');
      await worker.stop();
      worker = new AppProcess('worker', env).start();
      return worker;
    },
    logs(tail = 6000) {
      const section = (name: string, p?: AppProcess) => (p ? [`--- ${name} ---\n${p.log().slice(-tail)}`] : []);
      return [...section('worker', worker), ...section('api', api)].join('\n');
    },
    async stop() {
      await Promise.all([api.stop(), worker?.stop()]);
      await smtp?.stop();
    },
  };

  try {
    await waitFor('api health', async () => (await request(base, 'GET', '/health')).status === 200, opts.healthTimeoutMs ?? 60_000);
  } catch (e) {
    const logs = system.logs();
    await system.stop();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${logs}`);
  }
  return system;
}

/** The api alone, without worker and test SMTP server: for tests of what the api answers by itself. */
export function startApi(extraEnv: Record<string, string> = {}): Promise<System> {
  return startSystem(extraEnv, { worker: false, smtp: false });
}
