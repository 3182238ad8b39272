import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { decodeBatch, type DecodedMessage } from './decode-batch.js';
import { createKafkaClient } from './create-kafka-client.js';
import type { ConsumedBatch, KafkaAdmin, KafkaClient, KafkaConsumer } from './port.js';
import { publishEvents } from './publish-events.js';
import { adaptersUnderTest, leadStream, waitUntil } from './testing/adapters.js';

const brokers = (inject('kafkaBrokers') ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(
  ',',
);
const PARTITIONS = 3;
const LEADS = 30;
const STAGES_PER_LEAD = 4;
const logger = pino({ level: 'warn' });

describe.each(adaptersUnderTest())('the %s adapter', (kind) => {
  const run = `${kind}-${randomBytes(4).toString('hex')}`;
  const topic = `test.${run}.lead-events`;
  let client: KafkaClient;
  let admin: KafkaAdmin;
  const consumers: KafkaConsumer[] = [];

  /** Starts a consumer that decodes every batch into `seen` and commits offsets after each one. */
  async function collect(groupId: string, seen: (DecodedMessage & { partition: number })[]) {
    const consumer = client.consumer({ groupId, topics: [topic], fromBeginning: true });
    consumers.push(consumer);
    const assignments: number[][] = [];
    consumer.onAssignment((assignment) => {
      assignments.push(assignment.flatMap((entry) => entry.partitions));
    });
    await consumer.run(async (batch: ConsumedBatch) => {
      seen.push(
        ...decodeBatch(batch).map((message) => ({ ...message, partition: batch.partition })),
      );
      const last = batch.messages.at(-1);
      if (last !== undefined) {
        await consumer.commitOffsets([
          { topic, partition: batch.partition, offset: last.offset + 1 },
        ]);
      }
    });
    return { consumer, assignments };
  }

  beforeAll(() => {
    client = createKafkaClient({ brokers, client: kind, clientId: `kafka-int-${run}`, logger });
    admin = client.admin();
  });

  afterAll(async () => {
    await Promise.allSettled(consumers.map((consumer) => consumer.close()));
    await admin.deleteTopic(topic);
    await admin.close();
  });

  describe('admin', () => {
    it('creates the topic once, keeps history forever, and is idempotent', async () => {
      expect(await admin.ensureTopic({ topic, partitions: PARTITIONS })).toEqual({
        created: true,
        partitions: PARTITIONS,
      });
      expect(await admin.ensureTopic({ topic, partitions: PARTITIONS })).toEqual({
        created: false,
        partitions: PARTITIONS,
      });
      expect((await admin.topicConfig(topic))['retention.ms']).toBe('-1');
      expect(await admin.topicOffsets(topic)).toEqual(
        [0, 1, 2].map((partition) => ({ partition, low: 0, high: 0 })),
      );
    });

    it('reads retention.ms=-1 back through kafkajs itself too', async () => {
      const raw = new kafkajs.Kafka({
        clientId: `raw-${run}`,
        brokers,
        logLevel: kafkajs.logLevel.NOTHING,
      }).admin();
      await raw.connect();
      try {
        const { resources } = await raw.describeConfigs({
          includeSynonyms: false,
          resources: [
            { type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] },
          ],
        });
        expect(resources[0]?.configEntries).toMatchObject([
          { configName: 'retention.ms', configValue: '-1' },
        ]);
      } finally {
        await raw.disconnect();
      }
    });

    it('deleting a topic that does not exist is not an error', async () => {
      await expect(admin.deleteTopic(`test.${run}.never-created`)).resolves.toBeUndefined();
    });
  });

  describe('produce and consume lead events', () => {
    const leads = Array.from({ length: LEADS }, (_, index) => `lead-${run}-${index}`);
    const streams = new Map(leads.map((leadId) => [leadId, leadStream(leadId)]));
    const poisonKey = leads[0] ?? 'lead-0';
    const expectedGood = LEADS * STAGES_PER_LEAD;
    const seen: (DecodedMessage & { partition: number })[] = [];
    let assignments: number[][] = [];

    beforeAll(async () => {
      ({ assignments } = await collect(`test.${run}.projector`, seen));
      const producer = await client.producer();
      try {
        // First half of every stream, then a malformed record, then the second half.
        for (const stream of streams.values())
          await publishEvents(producer, topic, stream.slice(0, 2), 'test/kafka');
        const plain = await client.producer({ idempotent: false });
        await plain.send(topic, [{ key: poisonKey, value: Buffer.from([0x7b, 0xff, 0xfe]) }]);
        await plain.close();
        const rest = [...streams.values()].flatMap((stream) => stream.slice(2));
        const acks = await publishEvents(producer, topic, rest, 'test/kafka');
        expect(acks.length).toBeGreaterThan(1);
      } finally {
        await producer.close();
      }
      await waitUntil(() => seen.length >= expectedGood + 1, `${expectedGood + 1} records`);
    });

    it('is assigned every partition', () => {
      expect(assignments.at(-1)).toEqual([0, 1, 2]);
    });

    it('spreads leads over several partitions', () => {
      expect(new Set(seen.map((message) => message.partition)).size).toBeGreaterThan(1);
    });

    it("delivers each lead's events decoded, on one partition, in version order", () => {
      for (const [leadId, stream] of streams) {
        const mine = seen.flatMap((message) =>
          message.result.ok && message.result.event.leadId === leadId ? [message] : [],
        );
        expect(new Set(mine.map((message) => message.partition)).size).toBe(1);
        expect(
          mine.map((message) => (message.result.ok ? message.result.event : undefined)),
        ).toEqual(stream);
        expect(mine[0]?.raw.headers).toMatchObject({
          ce_type: 'LeadCreated',
          ce_subject: leadId,
          ce_source: 'test/kafka',
        });
      }
    });

    it('reports the malformed record as a decode error and keeps going', () => {
      const failed = seen.filter((message) => !message.result.ok);
      expect(failed).toHaveLength(1);
      const [poison] = failed;
      expect(poison?.result).toMatchObject({ ok: false, error: { code: 'invalid_json' } });
      expect(poison?.raw.key?.toString()).toBe(poisonKey);
      const later = seen.filter(
        (message) =>
          message.partition === poison?.partition && message.offset > (poison?.offset ?? 0),
      );
      expect(later.length).toBeGreaterThan(0);
      expect(later.every((message) => message.result.ok)).toBe(true);
    });

    it('commits the consumed offsets to the group', async () => {
      const heads = await admin.topicOffsets(topic);
      expect(heads.reduce((sum, { high }) => sum + high, 0)).toBe(expectedGood + 1);
      const raw = new kafkajs.Kafka({
        clientId: `raw-${run}`,
        brokers,
        logLevel: kafkajs.logLevel.NOTHING,
      }).admin();
      await raw.connect();
      try {
        const expected = heads.map(({ partition, high }) => ({ partition, offset: String(high) }));
        const committed = async () =>
          (
            await raw.fetchOffsets({ groupId: `test.${run}.projector`, topics: [topic] })
          )[0]?.partitions
            .map(({ partition, offset }) => ({ partition, offset }))
            .sort((a, b) => a.partition - b.partition);
        const deadline = Date.now() + 30_000;
        while (
          JSON.stringify(await committed()) !== JSON.stringify(expected) &&
          Date.now() < deadline
        ) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(await committed()).toEqual(expected);
      } finally {
        await raw.disconnect();
      }
    });

    it('seeks on assignment: a new group starts where the listener says', async () => {
      const heads = await admin.topicOffsets(topic);
      const consumer = client.consumer({
        groupId: `test.${run}.seeker`,
        topics: [topic],
        fromBeginning: true,
      });
      consumers.push(consumer);
      const firstOffsets = new Map<number, number>();
      consumer.onAssignment((assignment) => {
        for (const { partition, high } of heads) {
          if (assignment.some((entry) => entry.partitions.includes(partition))) {
            consumer.seek(topic, partition, Math.max(0, high - 1));
          }
        }
      });
      await consumer.run(async (batch) => {
        const first = batch.messages[0];
        if (!batch.isStale() && first !== undefined && !firstOffsets.has(batch.partition)) {
          firstOffsets.set(batch.partition, first.offset);
        }
        await batch.heartbeat();
      });
      const nonEmpty = heads.filter(({ high }) => high > 0);
      await waitUntil(() => firstOffsets.size === nonEmpty.length, 'a batch from every partition');
      for (const { partition, high } of nonEmpty)
        expect(firstOffsets.get(partition)).toBe(high - 1);
      await consumer.stop();
    });
  });
});

describe('kafkajs as patched', () => {
  it('connects without a warning on stderr', () => {
    // kafkajs 2.2.4 scheduled a timer of minus the epoch time on every connection, which Node 24
    // reports once per process as a TimeoutNegativeWarning (patches/kafkajs@2.2.4.patch): a
    // fresh process shows it, this one may have shown it already.
    const script = `
      const { Kafka, logLevel } = require('kafkajs');
      const admin = new Kafka({ brokers: ${JSON.stringify(brokers)}, logLevel: logLevel.NOTHING }).admin();
      admin.connect().then(() => admin.listTopics()).then(() => admin.disconnect());
    `;
    const child = spawnSync(process.execPath, ['-e', script], {
      cwd: dirname(fileURLToPath(import.meta.url)),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stderr).toBe('');
  });
});
