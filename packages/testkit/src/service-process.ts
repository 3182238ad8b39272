import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleBuilds } from '../../../scripts/build-state.mjs';
import { SERVICE_NODE_OPTIONS } from '../../../scripts/service-node-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

let checkedBuild = false;

/**
 * The services run compiled, as in production; a missing or outdated build would test other
 * code than the source, so it stops the test with the command that fixes it.
 */
export function assertBuilt(): void {
  if (checkedBuild) return;
  const stale = staleBuilds(root);
  if (stale.length > 0) {
    throw new Error(
      `the build is missing or older than the source of ${stale.join(', ')}: run \`npm run build\``,
    );
  }
  checkedBuild = true;
}

/** A dealflow service running as a real OS process, for tests that kill and restart it. */
export interface ServiceProcess {
  name: string;
  url: string;
  port: number;
  /** The process id (for memory readings), `undefined` if it failed to spawn. */
  pid: number | undefined;
  /** Everything the process wrote, for assertions and failure messages. */
  output(): string;
  /** Sends `signal` and waits until the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves when the process exits by itself. */
  exited: Promise<number | null>;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * What test processes run with unless `env` says otherwise: authentication and rate limiting
 * are tested on their own (auth tests pass `DEALFLOW_AUTH: 'on'` and `AUTH_TOKENS`); the other
 * tests drive thousands of commands from one address without credentials.
 */
const TEST_DEFAULTS = { DEALFLOW_AUTH: 'off', RATE_LIMIT_MAX: '0' };

/**
 * Starts the built `services/<name>/dist/server.js` with plain node and `env` on a free port and waits until its
 * `/health` answers (or `waitForHealth: false`). Authentication and rate limiting are off
 * unless `env` turns them on.
 *
 * @example const projector = await startService('projector', { DATABASE_URL, KAFKA_BROKERS });
 */
export async function startService(
  name: 'command' | 'query' | 'projector',
  env: Record<string, string>,
  opts: { waitForHealth?: boolean; timeoutMs?: number } = {},
): Promise<ServiceProcess> {
  assertBuilt();
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...SERVICE_NODE_OPTIONS[name], join(root, `services/${name}/dist/server.js`)],
    {
      cwd: root,
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        ...TEST_DEFAULTS,
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = `http://127.0.0.1:${port}`;
  const proc: ServiceProcess = {
    name,
    url,
    port,
    pid: child.pid,
    output: () => out,
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  if (opts.waitForHealth === false) return proc;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited during start-up:\n${out.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return proc;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await proc.kill('SIGKILL');
      throw new Error(`${name} not healthy in time:\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
