import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import { encodeEvent } from '@dealflow/events';
import { ensureLocalServers } from '@dealflow/infra';
import {
  createKafkaClient,
  kafkaClientKinds,
  type KafkaClient,
  type KafkaClientKind,
  type KafkaRecord,
} from '@dealflow/kafka';
import { createLogger } from '@dealflow/runtime';
import { generateHistory } from '@dealflow/testkit';
import { progressReporter } from '../progress.js';

const DAY = 86_400_000;
const logger = createLogger({ name: 'bench-kafka', level: process.env.LOG_LEVEL ?? 'warn' });

/** Lead events as the relay sends them (key = leadId, JSON envelope, CloudEvents headers). */
function leadRecords(count: number): KafkaRecord[] {
  const records: KafkaRecord[] = [];
  for (let slice = 0; records.length < count; slice++) {
    const events = generateHistory({
      leads: 25_000,
      seed: 2000 + slice,
      start: new Date(Date.now() - 60 * DAY),
      spanDays: 55,
      pipelines: [defaultPipeline, b2cPipeline],
    });
    for (const event of events) {
      if (records.length === count) break;
      records.push(
        encodeEvent(
          { ...event, leadId: `s${slice}.${event.leadId}` },
          { source: 'dealflow/bench' },
        ),
      );
    }
  }
  return records;
}

/** Sends `records` in sends of `batch` (the relay's unit), one after another; seconds taken. */
async function produce(
  kafka: KafkaClient,
  kind: string,
  topic: string,
  records: KafkaRecord[],
  batch: number,
) {
  const producer = await kafka.producer();
  const report = progressReporter(`${kind} produce`, records.length);
  const started = performance.now();
  try {
    for (let from = 0; from < records.length; from += batch) {
      await producer.send(topic, records.slice(from, from + batch));
      report(Math.min(from + batch, records.length));
    }
  } finally {
    await producer.close();
  }
  return (performance.now() - started) / 1000;
}

/**
 * Reads the whole topic in a fresh group with the projector's settings; seconds from the first
 * batch to the last record (the group join, a fixed cost, is left out).
 */
async function consume(
  kafka: KafkaClient,
  kind: string,
  topic: string,
  total: number,
  partitions: number,
) {
  const consumer = kafka.consumer({
    groupId: `bench.kafka.${kind}.${randomBytes(4).toString('hex')}`,
    topics: [topic],
    fromBeginning: true,
    maxBatchBytes: 1024 * 1024,
    maxWaitMs: 100,
    concurrency: partitions,
  });
  const report = progressReporter(`${kind} consume`, total);
  let seen = 0;
  let done: (at: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (done = resolve));
  let first: number | undefined;
  await consumer.run((batch) => {
    first ??= performance.now();
    seen += batch.messages.length;
    report(Math.min(seen, total));
    if (seen >= total) done(performance.now());
    return Promise.resolve();
  });
  const end = await finished;
  await consumer.close();
  return (end - (first ?? end)) / 1000;
}

const loadAverage = () =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

/**
 * `npm run bench -- kafka [--records 200000] [--partitions 6] [--batch 500] [--rounds 2]`:
 * both clients behind the port, on one topic in one run. Each round, each client produces
 * `records` lead events in sends of `batch` (the relay's unit), then each reads the whole topic
 * in a fresh group (the projector's settings, a no-op handler); the clients' order alternates
 * per round. Prints the best rate of each client and the ratio platformatic / kafkajs. Needs
 * Node ≥ 22.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '200000' },
      partitions: { type: 'string', default: '6' },
      batch: { type: 'string', default: '500' },
      rounds: { type: 'string', default: '2' },
    },
  });
  if (Number(process.versions.node.split('.')[0]) < 22) {
    throw new Error(`@platformatic/kafka needs Node 22 or later; this is ${process.version}`);
  }
  const count = Number(values.records);
  const partitions = Number(values.partitions);
  const servers = await ensureLocalServers(process.env, (m) => console.error(`[infra] ${m}`));
  const brokers = servers.kafkaBrokers.split(',');
  const topic = `bench.kafka.${randomBytes(4).toString('hex')}`;
  const clients = new Map<KafkaClientKind, KafkaClient>(
    kafkaClientKinds.map((kind) => [
      kind,
      createKafkaClient({ brokers, client: kind, clientId: `bench-${kind}`, logger }),
    ]),
  );
  const admin = createKafkaClient({ brokers, clientId: 'bench-kafka', logger }).admin();
  const records = leadRecords(count);
  const bytes = records.reduce((sum, r) => sum + (r.value?.length ?? 0), 0);
  console.error(`${count} lead events, ${(bytes / count).toFixed(0)} B of value each on average`);
  const best = new Map(kafkaClientKinds.map((kind) => [kind, { produce: 0, consume: 0 }]));
  const rates = (kind: KafkaClientKind) => best.get(kind) ?? { produce: 0, consume: 0 };
  const client = (kind: KafkaClientKind): KafkaClient => {
    const kafka = clients.get(kind);
    if (kafka === undefined) throw new Error(`no ${kind} client`);
    return kafka;
  };
  const loads: string[] = [loadAverage()];
  try {
    await admin.ensureTopic({ topic, partitions, replicationFactor: 1 });
    let written = 0;
    for (let round = 0; round < Number(values.rounds); round++) {
      const order = round % 2 === 0 ? [...kafkaClientKinds] : [...kafkaClientKinds].reverse();
      for (const kind of order) {
        const seconds = await produce(client(kind), kind, topic, records, Number(values.batch));
        written += count;
        rates(kind).produce = Math.max(rates(kind).produce, count / seconds);
        console.error(`round ${round + 1} ${kind}: produce ${(count / seconds).toFixed(0)}/s`);
      }
      for (const kind of order) {
        const seconds = await consume(client(kind), kind, topic, written, partitions);
        rates(kind).consume = Math.max(rates(kind).consume, written / seconds);
        console.error(`round ${round + 1} ${kind}: consume ${(written / seconds).toFixed(0)}/s`);
      }
      loads.push(loadAverage());
    }
  } finally {
    await admin.deleteTopic(topic);
    await admin.close();
  }
  const kafkajs = best.get('kafkajs');
  const platformatic = best.get('platformatic');
  if (kafkajs === undefined || platformatic === undefined) return;
  console.log(
    `kafka bench: ${count} lead events per produce, ${partitions} partitions, sends of ${values.batch}, best of ${values.rounds} rounds`,
  );
  console.log(`  load average (1 5 15 min): ${loads.join(' -> ')}`);
  for (const [kind, rates] of best) {
    console.log(
      `  ${kind.padEnd(12)} produce ${rates.produce.toFixed(0).padStart(7)}/s   consume ${rates.consume.toFixed(0).padStart(7)}/s`,
    );
  }
  console.log(
    `  platformatic / kafkajs: produce ${(platformatic.produce / kafkajs.produce).toFixed(2)}x, consume ${(platformatic.consume / kafkajs.consume).toFixed(2)}x`,
  );
}

await main();
