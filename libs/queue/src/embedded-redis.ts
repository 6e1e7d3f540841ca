import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The quick start's Redis: when REDIS_URL is unset, a local redis-server whose only door is a unix
 * socket inside the installation's data directory (`data/redis/redis.sock`, mode 700, no TCP port).
 * Another checkout on the same machine has another data directory, so it starts its own Redis and can
 * never reach (or take jobs from) this one; an already running Redis on this socket is this
 * installation's and is reused (the api and the worker share it). The process that started it stops
 * it on exit.
 */
export interface EmbeddedRedis {
  /** `unix://<socket path>` (redisOptions understands it). */
  url: string;
  /** The socket's path. */
  socket: string;
  /** True when this process started it (and so stops it). */
  owned: boolean;
  stop(): Promise<void>;
}

export class RedisNotInstalledError extends Error {
  constructor() {
    super(
      'REDIS_URL is not set and no redis-server is installed.\n' +
        '  Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)\n' +
        '  or point REDIS_URL at a Redis server, e.g. REDIS_URL=redis://127.0.0.1:6379',
    );
    this.name = 'RedisNotInstalledError';
  }
}

function ping(path: string, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ path });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * The socket of a data directory's Redis. Unix socket paths are limited to about 100 bytes; for a
 * deeper data directory the socket goes to the temporary directory under a name derived from the
 * data directory's path, which is just as much this installation's own.
 */
export function embeddedRedisSocket(dataDir: string): string {
  const inData = join(dataDir, 'redis', 'redis.sock');
  if (Buffer.byteLength(inData) <= 100) return inData;
  return join(tmpdir(), `justera-redis-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}.sock`);
}

export async function startEmbeddedRedis(dataDir: string): Promise<EmbeddedRedis> {
  const socket = embeddedRedisSocket(dataDir);
  const url = `unix://${socket}`;
  if (await ping(socket)) return { url, socket, owned: false, stop: async () => undefined };
  if (!redisServerInstalled()) throw new RedisNotInstalledError();
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (existsSync(socket)) rmSync(socket); // left by a Redis that did not shut down cleanly
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--dir', dir, '--appendonly', 'yes', '--save', '', '--protected-mode', 'yes'],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited at start (code ${child.exitCode}); socket ${socket}`);
    if (await ping(socket)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await ping(socket))) {
    child.kill('SIGKILL');
    throw new Error(`redis-server did not answer on ${socket} within 10 s`);
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  process.once('exit', () => child.kill('SIGTERM'));
  return { url, socket, owned: true, stop };
}
