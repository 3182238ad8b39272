import { b2cPipeline, defaultPipeline, loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import { createKafkaClient, publishEvents } from '@dealflow/kafka';
import {
  applyFunnelBatch,
  applyLeadListBatch,
  ensureLiveVersion,
  foldFunnel,
  liveVersion,
  refreshWonStats,
  staleWonStats,
} from '@dealflow/read-models';
import { createDb, transactionWithClient } from '@dealflow/db';
import { generateHistory } from '@dealflow/testkit';
import pg from 'pg';
import { progressReporter } from '../progress.js';
import { setup } from '../setup.js';
import type { BenchStack } from './bench-stack.js';

const DAY = 86_400_000;

/** How the history is generated: `chunks` independent seeded histories of `chunkLeads` leads. */
export interface LoadPlan {
  leads: number;
  chunkLeads: number;
  now: number;
  spanDays: number;
}

/** One chunk of the history; lead ids are prefixed per chunk so chunks never clash. */
export function historyChunk(plan: LoadPlan, index: number): LeadEvent[] {
  const leads = Math.min(plan.chunkLeads, plan.leads - index * plan.chunkLeads);
  return generateHistory({
    leads,
    seed: 1000 + index,
    start: new Date(plan.now - (plan.spanDays + 10) * DAY),
    spanDays: plan.spanDays,
    pipelines: [defaultPipeline, b2cPipeline],
    until: new Date(plan.now - 60_000),
    // Deeper funnels than the default generator: ≈ 3.7 events per lead, as the issue asks.
    stopWeight: 0.03,
    advanceWeight: 4,
  }).map((e) => ({ ...e, leadId: `c${index}-${e.leadId}` }));
}

/** How many chunks the plan's leads make. */
export const chunkCount = (plan: LoadPlan) => Math.ceil(plan.leads / plan.chunkLeads);

/** Produces chunk `index` of the plan's history to `topic` in slices; returns its events. */
export async function produceChunk(
  producer: Parameters<typeof publishEvents>[0],
  topic: string,
  plan: LoadPlan,
  index: number,
): Promise<number> {
  const events = historyChunk(plan, index);
  for (let i = 0; i < events.length; i += 2_000) {
    await publishEvents(producer, topic, events.slice(i, i + 2_000), 'dealflow/bench');
  }
  return events.length;
}

/**
 * The honest path: every event is produced to the stack's fresh topic with the Kafka port's
 * producer, and the running projector folds it like any other; returns once the projector's
 * checkpoints (in Postgres) cover every produced record.
 */
export async function loadThroughKafka(stack: BenchStack, plan: LoadPlan): Promise<number> {
  const kafka = createKafkaClient({ brokers: stack.brokers, clientId: 'bench-metrics' });
  const producer = await kafka.producer();
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const applied = async () => {
    const { rows } = await db.query<{ n: string }>(
      'SELECT COALESCE(SUM(next_offset), 0)::text AS n FROM projection_checkpoints WHERE topic = $1',
      [stack.topic],
    );
    return Number(rows[0]?.n ?? 0);
  };
  let produced = 0;
  const producing = progressReporter('produced (leads)', plan.leads);
  try {
    for (let c = 0; c < chunkCount(plan); c++) {
      produced += await produceChunk(producer, stack.topic, plan, c);
      producing(Math.min(plan.leads, (c + 1) * plan.chunkLeads));
      console.error(`  projector has applied ${await applied()} of ${produced} events so far`);
    }
    const projecting = progressReporter('projected (events)', produced);
    for (;;) {
      const done = await applied();
      projecting(done);
      if (done >= produced) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    await db.query('INSERT INTO bench_chunks (chunk) SELECT generate_series(0, $1::int - 1)', [
      chunkCount(plan),
    ]);
    return produced;
  } finally {
    await producer.close();
    await db.end();
  }
}

/** Runs `fn` on a connection of its own to `databaseUrl`. */
async function withClient<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Brings the live version's kept all-time statistics up to date, as the projector's refresher
 * does after a write (a direct load has no projector running), with progress; returns how many
 * rows were refreshed and the seconds it took.
 */
export async function refreshKeptStats(
  databaseUrl: string,
): Promise<{ rows: number; seconds: number }> {
  const handle = createDb({ url: databaseUrl, max: 1 });
  const started = performance.now();
  try {
    const version = await liveVersion(handle.db);
    if (version === undefined) return { rows: 0, seconds: 0 };
    const report = progressReporter(
      'kept statistics refreshed',
      await staleWonStats(handle.db, version),
    );
    let rows = 0;
    for (;;) {
      const n = await refreshWonStats(handle.db, version, 100);
      rows += n;
      report(rows);
      if (n < 100) break;
    }
    return { rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    await handle.close();
  }
}

/**
 * What is measured is a settled system: the kept all-time statistics refreshed (printed with
 * their time), then `VACUUM (ANALYZE)` of the whole database — its plans made with statistics,
 * and its index-only scans answered from the index alone (the visibility map, which a fresh
 * load leaves unset until autovacuum has been through it — a probe right after a 1 M-lead load
 * ran beside autovacuum at up to twice the latency).
 */
export async function settle(databaseUrl: string): Promise<void> {
  const { rows, seconds } = await refreshKeptStats(databaseUrl);
  if (rows > 0) {
    console.log(`kept all-time statistics: ${rows} rows refreshed in ${seconds.toFixed(1)} s`);
  }
  await withClient(databaseUrl, async (c) => void (await c.query('VACUUM (ANALYZE)')));
}

/**
 * The services' environment over `name`, a database kept by `npm run bench -- metrics
 * --database NAME` on `servers`, migrated to this code's schema (`setup`).
 */
export async function keptDatabaseEnv(
  servers: { databaseUrl: string; kafkaBrokers: string },
  name: string,
) {
  const url = new URL(servers.databaseUrl);
  url.pathname = `/${name}`;
  const env = {
    DATABASE_URL: url.toString(),
    KAFKA_BROKERS: servers.kafkaBrokers,
    KAFKA_TOPIC: `bench.${name}.lead-events`,
    KAFKA_PARTITIONS: '6',
    LOG_LEVEL: 'warn',
  };
  await setup(env);
  return env;
}

/** The time a kept database's generated history is anchored at, if it holds one. */
export const storedClock = (databaseUrl: string): Promise<number | undefined> =>
  withClient(databaseUrl, async (c) => {
    const { rows } = await c.query<{ t: string | null }>(
      "SELECT to_regclass('bench_clock')::text AS t",
    );
    if (rows[0]?.t == null) return undefined;
    const clock = await c.query<{ now_ms: string }>('SELECT now_ms::text FROM bench_clock');
    const stored = clock.rows[0];
    return stored === undefined ? undefined : Number(stored.now_ms);
  });

/**
 * The time the generated history is anchored at: now for a fresh database (remembered in
 * it), the remembered time for a reused one.
 */
export async function benchClock(databaseUrl: string, reused: boolean): Promise<number> {
  const stored = await storedClock(databaseUrl);
  if (stored !== undefined) return stored;
  if (reused) console.error('reused database without a stored clock: anchoring at now');
  const now = Date.now();
  await withClient(databaseUrl, async (c) => {
    await c.query('CREATE TABLE IF NOT EXISTS bench_clock (now_ms bigint NOT NULL)');
    await c.query('INSERT INTO bench_clock (now_ms) VALUES ($1)', [now]);
  });
  return now;
}

/**
 * The chunks of a kept database that are loaded already (`bench_chunks`, written with each
 * chunk's apply, so a load stopped midway resumes with exactly the chunks it lacks). A database
 * kept before the table existed is taken as wholly loaded.
 */
export async function loadedChunks(
  databaseUrl: string,
  reused: boolean,
  plan: LoadPlan,
): Promise<Set<number>> {
  return withClient(databaseUrl, async (client) => {
    const { rows: found } = await client.query<{ t: string | null }>(
      "SELECT to_regclass('bench_chunks')::text AS t",
    );
    if (reused && found[0]?.t == null) {
      console.error('reused database without a record of its chunks: taken as wholly loaded');
      return new Set(Array.from({ length: chunkCount(plan) }, (_, c) => c));
    }
    await client.query('CREATE TABLE IF NOT EXISTS bench_chunks (chunk int PRIMARY KEY)');
    const { rows } = await client.query<{ chunk: number }>('SELECT chunk FROM bench_chunks');
    return new Set(rows.map((r) => r.chunk));
  });
}

/**
 * The shortcut: the real fold and the real set-based apply, called directly in large batches
 * (one transaction per chunk, which records the chunk in `bench_chunks`), without Kafka and the
 * projector loop around them. Loads `chunks` (indexes); returns the events written.
 */
export async function loadDirect(
  stack: BenchStack,
  plan: LoadPlan,
  chunks: readonly number[],
  workers = 2,
): Promise<number> {
  const handle = createDb({ url: stack.databaseUrl, max: workers });
  const pipelines = loadPipelines();
  let total = 0;
  let leads = 0;
  const planned = chunks.reduce(
    (sum, c) => sum + Math.min(plan.chunkLeads, plan.leads - c * plan.chunkLeads),
    0,
  );
  const report = progressReporter('folded+applied (leads)', planned);
  try {
    const version = await ensureLiveVersion(handle.db);
    // Chunks hold disjoint leads, so workers fold and write them side by side, as several
    // projector instances would; the daily upserts lock keys in one order (no deadlock).
    const work = async (worker: number) => {
      for (let i = worker; i < chunks.length; i += workers) {
        const c = chunks[i] as number;
        const events = historyChunk(plan, c);
        const folded = foldFunnel({ pipelines, leads: new Map(), events });
        await transactionWithClient(handle.db, async (trx, client) => {
          await applyFunnelBatch(trx, version, folded);
          await applyLeadListBatch(trx, version, { stored: new Map(), events, folded });
          await client?.query('INSERT INTO bench_chunks (chunk) VALUES ($1)', [c]);
        });
        total += events.length;
        leads += folded.leads.length;
        report(leads);
      }
    };
    await Promise.all(Array.from({ length: workers }, (_, w) => work(w)));
    return total;
  } finally {
    await handle.close();
  }
}
