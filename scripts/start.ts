import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLocalServers } from '@dealflow/infra';
import { createLogger } from '@dealflow/runtime';
import { SERVICE_NODE_OPTIONS } from './service-node-options.mjs';
import { setup } from './setup.js';
import { removeStackFile, writeStackFile } from './stack-file.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = createLogger({ name: 'start', level: process.env.LOG_LEVEL ?? 'info' });

const SERVICES = [
  { name: 'command', port: Number(process.env.COMMAND_PORT ?? 3001) },
  { name: 'query', port: Number(process.env.QUERY_PORT ?? 3002) },
  { name: 'projector', port: Number(process.env.PROJECTOR_PORT ?? 3003) },
] as const;

/** Builds the dashboard's static files (Vite) for the query service to serve; returns their folder. */
function buildDashboard(): string {
  const dir = join(root, 'packages/dashboard');
  const vite = join(dir, 'node_modules/vite/bin/vite.js');
  const res = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: dir,
    stdio: 'inherit',
  });
  if (res.status !== 0) throw new Error(`the dashboard build failed (exit ${res.status})`);
  log.info('dashboard built');
  return join(dir, 'dist');
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs} ms`);
}

/**
 * `npm start`: real Kafka and Postgres (started locally unless KAFKA_BROKERS / DATABASE_URL are
 * set), migrations and topic, then the three built services (dist/, compiled by dealflow.mjs),
 * each its own process; Ctrl-C stops them
 * gracefully, then the servers this run started.
 */
async function main(): Promise<void> {
  const servers = await ensureLocalServers(process.env, (msg) => log.info(msg));
  const env = {
    // A local development stack on the loopback interface: no credentials and no rate limit
    // unless asked for (DEALFLOW_AUTH=on with AUTH_TOKENS…, RATE_LIMIT_MAX=6000).
    DEALFLOW_AUTH: 'off',
    RATE_LIMIT_MAX: '0',
    ...process.env,
    DATABASE_URL: servers.databaseUrl,
    KAFKA_BROKERS: servers.kafkaBrokers,
  };
  await setup(env);
  const dashboardDir = buildDashboard();

  const children = SERVICES.map(({ name, port }) => {
    const child = spawn(
      process.execPath,
      // The compiled service, as in production: plain node with the service's V8 options, no
      // TypeScript loader.
      [...SERVICE_NODE_OPTIONS[name], join(root, `services/${name}/dist/server.js`)],
      // Own process group: a terminal's Ctrl-C reaches only this supervisor, which then stops
      // each service once, gracefully (a second signal would make a service exit at once).
      {
        cwd: root,
        env: {
          ...env,
          PORT: String(port),
          ...(name === 'query' && { DASHBOARD_DIR: dashboardDir }),
        },
        stdio: ['ignore', 'inherit', 'inherit'],
        detached: true,
      },
    );
    return { name, port, child };
  });

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping services');
    await Promise.all(
      children.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    removeStackFile();
    if (!process.env.DEALFLOW_KEEP_SERVERS) await servers.stop();
    process.exit(code);
  };
  for (const { name, child } of children) {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      log.error({ service: name, code, signal }, 'service exited; stopping the others');
      void stopAll(1);
    });
  }
  // `on`, not `once`: the signal may arrive twice (from the terminal and from a wrapper such as
  // npm), and a second one must not kill the supervisor halfway through stopping.
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  await Promise.all(
    children.map(({ port, child }) => waitForHealth(`http://127.0.0.1:${port}/health`, child)),
  );
  writeStackFile({ ...env, COMMAND_URL: `http://127.0.0.1:${SERVICES[0].port}` });
  const lines = [
    '',
    'dealflow is running:',
    `  command    http://127.0.0.1:${SERVICES[0].port}   (OpenAPI: /docs)`,
    `  query      http://127.0.0.1:${SERVICES[1].port}   (OpenAPI: /docs)`,
    `  projector  http://127.0.0.1:${SERVICES[2].port}   (/health, /v1/projections, /metrics)`,
    `  dashboard  http://127.0.0.1:${SERVICES[1].port}/dashboard/`,
    `  kafka      ${servers.kafkaBrokers}`,
    `  postgres   ${servers.databaseUrl.replace(/:[^:@/]*@/, ':***@')}`,
    `  auth       ${env.DEALFLOW_AUTH === 'off' ? 'OFF (local development; DEALFLOW_AUTH=on to try it)' : 'on'}`,
    '',
    'Load demo data with `npm run demo`; ops commands (`npm run ops -- status`) find this stack;',
    'stop with Ctrl-C.',
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  log.error({ err }, 'start failed');
  process.exit(1);
});
