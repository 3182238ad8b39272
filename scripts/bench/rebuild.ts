import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createDb } from '@dealflow/db';
import { b2cPipeline, defaultPipeline, loadPipelines } from '@dealflow/domain';
import { encodeEvent } from '@dealflow/events';
import { ensureLocalServers } from '@dealflow/infra';
import type { LeadEvent } from '@dealflow/events';
import {
  createKafkaClient,
  defaultKafkaClient,
  decodeBatch,
  type ConsumedBatch,
  type KafkaClient,
  type KafkaRecord,
} from '@dealflow/kafka';
import { foldFunnel, type Lead } from '@dealflow/read-models';
import { createLogger } from '@dealflow/runtime';
import { generateHistory } from '@dealflow/testkit';
import pg from 'pg';
// A script, not a package: it drives the projector's rebuild directly.
import { rebuildDatabaseUrl } from '../../services/projector/src/rebuild/rebuild-database-url.js';
import { startRebuild } from '../../services/projector/src/rebuild/start-rebuild.js';
import { progressReporter } from '../progress.js';
import { setup } from '../setup.js';

const DAY = 86_400_000;
const logger = createLogger({ name: 'bench-rebuild', level: process.env.LOG_LEVEL ?? 'warn' });

/** Produces `leads` generated leads (≈ 2.2 events each) in slices, straight to the topic. */
async function produceHistory(kafka: KafkaClient, topic: string, leads: number): Promise<number> {
  const producer = await kafka.producer();
  const slice = 25_000;
  const estimate = Math.round(leads * 2.2);
  const report = progressReporter('produce', estimate);
  let sent = 0;
  try {
    for (let from = 0, n = 0; from < leads; from += slice, n++) {
      const events = generateHistory({
        leads: Math.min(slice, leads - from),
        seed: 1000 + n,
        start: new Date(Date.now() - 60 * DAY),
        spanDays: 55,
        pipelines: [defaultPipeline, b2cPipeline],
      });
      // Slices draw lead ids independently: a prefix keeps them distinct.
      const records: KafkaRecord[] = events.map((e) =>
        encodeEvent({ ...e, leadId: `s${n}.${e.leadId}` }, { source: 'dealflow/bench' }),
      );
      for (let i = 0; i < records.length; i += 4_000) {
        await producer.send(topic, records.slice(i, i + 4_000));
        sent += Math.min(4_000, records.length - i);
        report(Math.min(sent, estimate - 1));
      }
    }
  } finally {
    await producer.close();
  }
  report(estimate);
  return sent;
}

/** The machine's load average (1, 5, 15 minutes): the figures are only comparable beside it. */
const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * Reads the whole topic with the rebuild's consumer settings and `handle` for every batch: a
 * no-op for the raw rate, or the rebuild's CPU work without Postgres (`inMemoryFold`).
 */
async function readTopic(
  kafka: KafkaClient,
  topic: string,
  total: number,
  partitions: number,
  label = 'raw read',
  handle: (batch: ConsumedBatch) => void = () => undefined,
) {
  const consumer = kafka.consumer({
    groupId: `bench.raw.${randomBytes(4).toString('hex')}`,
    topics: [topic],
    fromBeginning: true,
    maxBatchBytes: 16 * 1024 * 1024,
    maxWaitMs: 200,
    concurrency: partitions,
  });
  const report = progressReporter(label, total);
  let seen = 0;
  let first: number | undefined;
  const started = performance.now();
  let resolve: (at: number) => void = () => undefined;
  const promise = new Promise<number>((r) => (resolve = r));
  await consumer.run((batch) => {
    first ??= performance.now();
    handle(batch);
    seen += batch.messages.length;
    report(Math.min(seen, total));
    if (seen >= total) resolve(performance.now());
    return Promise.resolve();
  });
  const end = await promise;
  await consumer.close();
  return { seconds: (end - started) / 1000, steadySeconds: (end - (first ?? started)) / 1000 };
}

/**
 * The rebuild's work per batch minus every Postgres round trip: decode and validate each record
 * and fold it (lead rows and metric rows) against lead state kept in memory. Its rate bounds
 * what any rebuild that writes those rows can reach on this machine.
 */
function inMemoryFold(): (batch: ConsumedBatch) => void {
  const pipelines = loadPipelines();
  const leads = new Map<string, Lead>();
  return (batch) => {
    const events: LeadEvent[] = [];
    for (const d of decodeBatch(batch)) if (d.result.ok) events.push(d.result.event);
    const folded = foldFunnel({ pipelines, leads, events });
    for (const lead of folded.leads) leads.set(lead.lead_id, lead);
    if (folded.outcomes.some((o) => o.kind === 'parked')) throw new Error('parked in the fold');
  };
}

/**
 * `npm run bench -- rebuild [--leads 460000] [--partitions 6]`: produces ~2.2 × leads generated
 * events to a fresh topic, then in the same run measures (a) the raw read rate of the Kafka
 * client over the whole topic with a no-op handler and (b) the rebuild rate folding the same
 * topic into a fresh read-model version; prints both and their ratio (target ≥ 0.5).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      leads: { type: 'string', default: '460000' },
      partitions: { type: 'string', default: '6' },
      chunk: { type: 'string', default: '10000' },
      workers: { type: 'string', default: '1' },
    },
  });
  const partitions = Number(values.partitions);
  const servers = await ensureLocalServers(process.env, (m) => console.error(`[infra] ${m}`));
  const name = `bench_rb_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: servers.databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(servers.databaseUrl);
  url.pathname = `/${name}`;
  const topic = `bench.${name}.lead-events`;
  const brokers = servers.kafkaBrokers.split(',');
  await setup({
    DATABASE_URL: url.toString(),
    KAFKA_BROKERS: servers.kafkaBrokers,
    KAFKA_TOPIC: topic,
    KAFKA_PARTITIONS: String(partitions),
    LOG_LEVEL: 'warn',
  });
  const kafka = createKafkaClient({ brokers, clientId: 'bench-rebuild', logger });
  const kafkaAdmin = kafka.admin();
  const handle = createDb({ url: rebuildDatabaseUrl(url.toString()), max: partitions + 8 });
  try {
    const total = await produceHistory(kafka, topic, Number(values.leads));
    console.error(`produced ${total} events to ${topic} (${partitions} partitions)`);

    const loadAtRaw = loadAverage();
    const raw = await readTopic(kafka, topic, total, partitions);
    const fold = await readTopic(kafka, topic, total, partitions, 'fold', inMemoryFold());

    const report = progressReporter('rebuild', total);
    let first: number | undefined;
    let cells: ((done: number) => void) | undefined;
    const started = performance.now();
    const running = await startRebuild({
      db: handle.db,
      kafka,
      admin: kafkaAdmin,
      topic,
      groupId: `${name}-projector`,
      pipelines: loadPipelines(),
      logger,
      chunkRecords: Number(values.chunk),
      workers: {
        count: Number(values.workers),
        databaseUrl: url.toString(),
        kafka: { brokers, client: defaultKafkaClient },
      },
      progressIntervalMs: 100,
      onProgress: (p) => {
        if (p.phase === 'cells') {
          cells ??= progressReporter('cell tables built (parts)', p.total);
          cells(p.done);
        }
        if (p.phase !== 'kafka') return;
        if (p.done > 0) first ??= performance.now();
        report(Math.min(p.done, total));
      },
    });
    await running.done;
    const end = performance.now();
    const rebuild = {
      seconds: (end - started) / 1000,
      steadySeconds: (end - (first ?? started)) / 1000,
    };

    const rate = (s: number) => Math.round(total / s);
    const rawRate = rate(raw.seconds);
    const rebuildRate = rate(rebuild.seconds);
    console.log(
      `events:        ${total} on ${partitions} partitions, ${values.chunk} records per chunk, ${values.workers} rebuild consumer thread(s)`,
    );
    console.log(
      `raw read:      ${rawRate} events/s (${raw.seconds.toFixed(1)} s incl. group join; ${rate(raw.steadySeconds)} events/s from the first batch)`,
    );
    console.log(
      `rebuild:       ${rebuildRate} events/s (${rebuild.seconds.toFixed(1)} s incl. version creation, group join and switch; ${rate(rebuild.steadySeconds)} events/s from the first chunk)`,
    );
    console.log(
      `in-memory fold: ${rate(fold.seconds)} events/s (decode, validate and fold, nothing written; ratio ${(rate(fold.seconds) / rawRate).toFixed(2)})`,
    );
    console.log(`ratio:         ${(rebuildRate / rawRate).toFixed(2)} (target ≥ 0.5)`);
    console.log(
      `load average:  ${loadAtRaw} before the raw read, ${loadAverage()} at the end (1/5/15 min)`,
    );
  } finally {
    await kafkaAdmin.deleteTopic(topic).catch(() => undefined);
    await kafkaAdmin.close();
    await handle.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
