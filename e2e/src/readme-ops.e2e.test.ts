import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@dealflow/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The environment of a person who just cloned the repository: no server variables. The servers
 * of the test run answer on the default local ports, so `npm start` finds and reuses them (and,
 * having not started them, leaves them running when it stops).
 */
const bareEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'KAFKA_BROKERS', 'KAFKA_TOPIC', 'KAFKA_GROUP_ID']) {
    delete env[key];
  }
  return env;
};

/** `npm run ops -- …` exactly as the README writes it, in the bare environment. */
function npmOps(...args: string[]) {
  const res = spawnSync('npm', ['run', '--silent', 'ops', '--', ...args], {
    cwd: root,
    env: bareEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

interface Funnel {
  totals: { leads: number; open: number; won: number; lost: number };
  stages: { stage: string; reached: number; current: number }[];
}

describe('the README sequence: npm start, then npm run ops -- status, rebuild, parked', () => {
  const ports = { command: 0, query: 0 };
  let stack: ReturnType<typeof spawn> | undefined;
  let output = '';

  // A failed run leaves nothing behind: whatever of the stack's process group still runs goes.
  afterAll(() => {
    if (stack?.pid === undefined) return;
    try {
      process.kill(-stack.pid, 'SIGKILL');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // the group is gone
    }
  });

  it('finds the stack with no variable set, rebuilds it exactly, and stops cleanly', async () => {
    ports.command = await freePort();
    ports.query = await freePort();
    const projectorPort = await freePort();
    stack = spawn('npm', ['start'], {
      cwd: root,
      env: {
        ...bareEnv(),
        COMMAND_PORT: String(ports.command),
        QUERY_PORT: String(ports.query),
        PROJECTOR_PORT: String(projectorPort),
      },
      // Its own process group, as in a terminal: Ctrl-C reaches every process of it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-100_000));
    stack.stdout?.on('data', keep);
    stack.stderr?.on('data', keep);
    const exited = once(stack, 'exit');
    // An `npm start` that gives up (a port taken, a server that will not start) fails the test
    // at once, with what it printed.
    let running = false;
    const gaveUp = exited.then(([code]) => {
      if (!running) throw new Error(`npm start exited (${String(code)}):\n${output.slice(-3000)}`);
    });
    gaveUp.catch(() => undefined); // raced below; a later exit is the test's own Ctrl-C
    await Promise.race([
      waitFor(
        () => {
          if (output.includes('dealflow is running')) return true;
          throw new Error(`not yet; its output so far:\n${output.slice(-3000)}`);
        },
        { timeoutMs: 120_000, message: 'npm start to print its URLs' },
      ).then(() => (running = true)),
      gaveUp,
    ]);

    const funnel = async (): Promise<Funnel> => {
      const res = await fetch(`http://127.0.0.1:${ports.query}/v1/funnel`);
      expect(res.status).toBe(200);
      return (await res.json()) as Funnel;
    };
    const before = await funnel();
    for (const name of ['Acme', 'Globex', 'Initech']) {
      const res = await fetch(`http://127.0.0.1:${ports.command}/v1/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, amount: { value: 125_000, currency: 'EUR' } }),
      });
      expect(res.status).toBe(201);
    }
    const projectorState = async () =>
      fetch(`http://127.0.0.1:${projectorPort}/v1/projections`)
        .then((res) => res.text())
        .catch((err: unknown) => String(err));
    const projected = await waitFor(
      async () => {
        const now = await funnel();
        if (now.totals.leads === before.totals.leads + 3) return now;
        throw new Error(
          `${now.totals.leads} leads, expected ${before.totals.leads + 3}; ` +
            `projections: ${await projectorState()}\nthe stack's last output:\n${output.slice(-6000)}`,
        );
      },
      // A cold start joins a new consumer group on a just-created topic: allow for a slow broker.
      { timeoutMs: 60_000, intervalMs: 250, message: 'the three new leads in /v1/funnel' },
    );

    const status = npmOps('status');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^v\d+\s+live\b/m);
    expect(status.stdout).not.toContain('▶ install');

    const rebuild = npmOps('rebuild');
    expect(rebuild.code, rebuild.stderr).toBe(0);
    const live = /v(\d+) is live/.exec(rebuild.stdout);
    expect(live, rebuild.stdout).not.toBeNull();
    const after = npmOps('status', '--json');
    expect(after.code, after.stderr).toBe(0);
    const { projections } = JSON.parse(after.stdout) as {
      projections: { version: number; state: string }[];
    };
    expect(projections.find((p) => p.state === 'live')?.version).toBe(Number(live?.[1]));
    // The query service now serves the rebuilt version, with the same numbers.
    expect(await funnel()).toEqual(projected);

    const parked = npmOps('parked');
    expect(parked.code, parked.stderr).toBe(0);
    expect(parked.stdout).toMatch(/no parked events|lead/);

    // Ctrl-C: the services stop gracefully, and the ops commands no longer find a stack.
    const group = stack.pid;
    if (group === undefined) throw new Error('npm start has no pid');
    process.kill(-group, 'SIGINT');
    await exited;
    // npm itself exits at once; the supervisor below it stops the services, then its file goes.
    await waitFor(
      () => {
        if (!existsSync(join(root, '.cache/stack.env'))) return true;
        throw new Error(`still there; the stack's last output:\n${output.slice(-3000)}`);
      },
      { timeoutMs: 60_000, message: 'the stack file removed by the stopping supervisor' },
    );
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${ports.command}/health`).then(
          () => false,
          () => true,
        ),
      { timeoutMs: 30_000, message: 'the command service stopped' },
    );
    const gone = npmOps('status');
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('npm start');
  }, 300_000);
});
