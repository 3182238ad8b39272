import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '@dealflow/db';
import { loadPipelines } from '@dealflow/domain';
import { ensureLocalServers } from '@dealflow/infra';
import { liveVersion, querySummary } from '@dealflow/read-models';
import { startService } from '@dealflow/testkit';
import { cpuMeter, machineCpuSeconds } from './cpu-seconds.js';
import { loadAverage } from './http-load.js';
import { keptDatabaseEnv, settle } from './metrics-load.js';
import {
  measureThroughput,
  startHelloWorld,
  startServerScript,
  type Throughput,
} from './throughput.js';

/** One statement as the driver was given it. */
interface Recorded {
  sql: string;
  parameters: unknown[];
}

/**
 * The statements one all-time `/v1/metrics/summary` of `pipelineId` sends, in the order they
 * were issued, by calling the read models' `querySummary` over a pool whose connections record
 * every parameterised statement (the query service's pool settings, prepared statements on).
 */
async function recordSummary(databaseUrl: string, pipelineId: string): Promise<Recorded[]> {
  const { db, pool, close } = createDb({ url: databaseUrl, max: 4, preparedStatements: 256 });
  const recorded: Recorded[] = [];
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((text: unknown, values: unknown, callback: unknown) => {
      if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
        recorded.push({ sql: text, parameters: values });
      }
      return query(text, values, callback);
    }) as typeof client.query;
  });
  try {
    const version = await liveVersion(db);
    const pipeline = loadPipelines()
      .list()
      .find((p) => p.id === pipelineId);
    if (version === undefined || pipeline === undefined) {
      throw new Error(`no live read-model version or no pipeline ${pipelineId}`);
    }
    await querySummary(db, version, pipeline, {}, Date.now()); // connections, catalog caches
    recorded.length = 0;
    await querySummary(db, version, pipeline, {}, Date.now());
    return [...recorded];
  } finally {
    await close();
  }
}

/** A throughput run with the CPU it cost per request: the server, Postgres, the machine. */
async function measured(
  url: string,
  databaseUrl: string,
  serverPid: number | undefined,
  opts: { clients: number; seconds: number },
) {
  const meter = await cpuMeter(databaseUrl, { server: serverPid });
  const machineBefore = await machineCpuSeconds();
  const t = await measureThroughput(url, opts);
  const machine = (await machineCpuSeconds()) - machineBefore;
  const spent = await meter.stop();
  let postgres = 0;
  for (const [name, s] of spent) if (name.startsWith('postgres ')) postgres += s;
  // The meter spans the warm-up and the wind-down too: spread over every answer sent.
  const answered = t.perSecond * (opts.seconds + 0.5);
  const micros = (s: number) => Math.round((s * 1e6) / answered);
  return {
    t,
    server: micros(spent.get('server') ?? NaN),
    postgres: micros(postgres),
    machine: micros(machine),
  };
}

/**
 * `npm run bench -- summary-floor --database NAME [--pipeline default] [--clients 32] [--seconds 8]`
 *
 * How far the uncached all-time `/v1/metrics/summary` can go on this machine, on a database
 * kept by `npm run bench -- metrics --database NAME`: records the statements one summary sends
 * (`querySummary` over a recording pool), then measures in one run, with `--clients` concurrent
 * clients: a Fastify hello world; the query service without answer cache; a server that only
 * replays those statements through the `pg` driver (no Kysely, no JavaScript of the read
 * models, no hooks), with the query service's plan caching and with generic plans forced. For
 * each: req/s and × hello world, and the CPU per request of the server process, of the
 * Postgres backends and of the whole machine (`/proc`), beside the machine CPU per request the
 * read side's bound (0.10 × hello world) leaves.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      database: { type: 'string' },
      pipeline: { type: 'string', default: 'default' },
      clients: { type: 'string', default: '32' },
      seconds: { type: 'string', default: '8' },
    },
  });
  const name = values.database ?? '';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error('--database NAME: a database kept by `npm run bench -- metrics --database`');
  }
  const opts = { clients: Number(values.clients), seconds: Number(values.seconds) };
  const servers = await ensureLocalServers(process.env, (m) => console.error(`[infra] ${m}`));
  const env = await keptDatabaseEnv(servers, name);
  const databaseUrl = env.DATABASE_URL;
  await settle(databaseUrl);
  const statements = await recordSummary(databaseUrl, values.pipeline);
  const dir = await mkdtemp(join(tmpdir(), 'summary-floor-'));
  const file = join(dir, 'statements.json');
  await writeFile(file, JSON.stringify(statements));
  const loadBefore = await loadAverage();
  const hello = await startHelloWorld();
  const query = await startService('query', { ...env, ANSWER_CACHE_MB: '0' });
  const lines: string[] = [];
  try {
    const baseline = await measureThroughput(hello.url, opts);
    const ratio = (t: Throughput) => (t.perSecond / baseline.perSecond).toFixed(3);
    const cores = availableParallelism();
    const budget = Math.round((cores * 1e6) / (0.1 * baseline.perSecond));
    lines.push(`hello world (Fastify, no database): ${baseline.perSecond.toFixed(0)} req/s`);
    const line = (label: string, m: Awaited<ReturnType<typeof measured>>) =>
      `${label}: ${m.t.perSecond.toFixed(0)} req/s, ${ratio(m.t)} × hello world; CPU per request: ` +
      `server ${m.server} µs, Postgres ${m.postgres} µs, machine ${m.machine} µs`;
    const path = `/v1/metrics/summary?pipelineId=${encodeURIComponent(values.pipeline)}`;
    lines.push(
      line(
        'query service, no answer cache',
        await measured(`${query.url}${path}`, databaseUrl, query.pid, opts),
      ),
    );
    for (const mode of ['auto', 'force_generic_plan']) {
      const replay = await startServerScript('./summary-replay-server.mjs', {
        DATABASE_URL: databaseUrl,
        STATEMENTS_FILE: file,
        PLAN_CACHE_MODE: mode,
      });
      try {
        await measureThroughput(replay.url, { clients: opts.clients, seconds: 1 }); // plans
        const m = await measured(replay.url, databaseUrl, replay.pid, opts);
        lines.push(
          line(
            `its ${statements.length} statements replayed by pg alone, plan_cache_mode ${mode}`,
            m,
          ),
        );
      } finally {
        replay.stop();
      }
    }
    lines.push(
      `bound: 0.10 × hello world = ${(0.1 * baseline.perSecond).toFixed(0)} req/s, at most ` +
        `${budget} µs of machine CPU per request on ${cores} cores (load generator included)`,
    );
  } finally {
    hello.stop();
    await query.kill();
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`\n== the uncached all-time summary against its floor: ${name} ==`);
  console.log(`load average (1/5/15 min): ${loadBefore} before, ${await loadAverage()} after`);
  for (const l of lines) console.log(l);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
