import { parseArgs } from 'node:util';
import { createDb } from '@dealflow/db';
import { loadPipelines } from '@dealflow/domain';
import { ensureLocalServers } from '@dealflow/infra';
import { createKafkaClient, defaultKafkaClient } from '@dealflow/kafka';
import { createLogger } from '@dealflow/runtime';
import pg from 'pg';
// A script, not a package: it drives the projector's rebuild directly.
import { rebuildDatabaseUrl } from '../../services/projector/src/rebuild/rebuild-database-url.js';
import { startRebuild } from '../../services/projector/src/rebuild/start-rebuild.js';
import { progressReporter } from '../progress.js';
import {
  benchClock,
  chunkCount,
  keptDatabaseEnv,
  loadedChunks,
  produceChunk,
  settle,
  type LoadPlan,
} from './metrics-load.js';

const logger = createLogger({
  name: 'bench-metrics-rebuilt',
  level: process.env.LOG_LEVEL ?? 'warn',
});

/**
 * `npm run bench -- metrics-rebuilt --database NAME [--leads 1000000] [--chunk 25000]
 * [--span-days 365]`
 *
 * Makes a kept database for `npm run bench -- metrics --database NAME` and `metrics-compare`
 * the way ops would recompute one: the metrics bench's generated history (the same chunks and
 * clock as its other loads) produced to the database's topic, then a rebuild from the topic
 * into a fresh version (the projector's `startRebuild`, one consumer thread) that goes live;
 * the chunks are recorded as loaded and the database settled. Prints the produce and rebuild
 * rates. Its cells are laid out as a rebuild writes them (in key order), where a live load
 * writes them as the events come.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      database: { type: 'string' },
      leads: { type: 'string', default: '1000000' },
      chunk: { type: 'string', default: '25000' },
      'span-days': { type: 'string', default: '365' },
    },
  });
  const name = values.database ?? '';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error('--database NAME: a new database');
  const servers = await ensureLocalServers(process.env, (m) => console.error(`[infra] ${m}`));
  const admin = new pg.Client({ connectionString: servers.databaseUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 1) throw new Error(`database ${name} exists: name a new one`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const env = await keptDatabaseEnv(servers, name);
  const url = env.DATABASE_URL;
  const plan: LoadPlan = {
    leads: Number(values.leads),
    chunkLeads: Number(values.chunk),
    now: await benchClock(url, false),
    spanDays: Number(values['span-days']),
  };
  const brokers = servers.kafkaBrokers.split(',');
  const kafka = createKafkaClient({ brokers, clientId: 'bench-metrics-rebuilt', logger });

  const producer = await kafka.producer();
  const producing = progressReporter('produced (leads)', plan.leads);
  let events = 0;
  const produceStart = performance.now();
  try {
    for (let c = 0; c < chunkCount(plan); c++) {
      events += await produceChunk(producer, env.KAFKA_TOPIC, plan, c);
      producing(Math.min(plan.leads, (c + 1) * plan.chunkLeads));
    }
  } finally {
    await producer.close();
  }
  const produceSeconds = (performance.now() - produceStart) / 1000;

  const admin2 = kafka.admin();
  const handle = createDb({ url: rebuildDatabaseUrl(url), max: 14 });
  const rebuilding = progressReporter('rebuilt (events)', events);
  const rebuildStart = performance.now();
  try {
    const running = await startRebuild({
      db: handle.db,
      kafka,
      admin: admin2,
      topic: env.KAFKA_TOPIC,
      groupId: `${name}-projector`,
      pipelines: loadPipelines(),
      logger,
      chunkRecords: 10_000,
      workers: { count: 1, databaseUrl: url, kafka: { brokers, client: defaultKafkaClient } },
      progressIntervalMs: 1_000,
      onProgress: (p) => {
        if (p.phase === 'kafka') rebuilding(Math.min(p.done, events));
      },
    });
    await running.done;
  } finally {
    await admin2.close();
    await handle.close();
  }
  const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
  await loadedChunks(url, false, plan);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('INSERT INTO bench_chunks (chunk) SELECT generate_series(0, $1::int - 1)', [
      chunkCount(plan),
    ]);
  } finally {
    await db.end();
  }
  await settle(url);
  console.log(`database ${name}: ${plan.leads} leads, ${events} events`);
  console.log(
    `produced in ${produceSeconds.toFixed(0)} s (${Math.round(events / produceSeconds)} events/s, generation included)`,
  );
  console.log(
    `rebuilt in ${rebuildSeconds.toFixed(0)} s (${Math.round(events / rebuildSeconds)} events/s, version creation, end phase and switch included)`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
