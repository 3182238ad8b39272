import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafkaClient } from './create-kafka-client.js';
import type { ConsumedBatch, KafkaClient, KafkaConsumer, KafkaRecord } from './port.js';
import { adaptersUnderTest, waitUntil } from './testing/adapters.js';
import { freePort, startOwnBroker, type OwnBroker } from './testing/own-broker.js';

const sharedBrokers = (
  inject('kafkaBrokers') ??
  process.env.KAFKA_BROKERS ??
  '127.0.0.1:9092'
).split(',');
const logger = pino({ level: 'silent' });
const PARTITIONS = 3;

const records = (prefix: string, count: number): KafkaRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    key: `${prefix}-${i % 17}`,
    value: `${prefix}-${i}`,
  }));

/** Runs a consumer that records every value it is handed (with its partition and offset). */
async function collect(
  kafka: KafkaClient,
  topic: string,
  groupId: string,
  onBatch?: (batch: ConsumedBatch) => void,
) {
  const consumer = kafka.consumer({
    groupId,
    topics: [topic],
    fromBeginning: true,
    sessionTimeoutMs: 6_000,
  });
  const seen: { value: string; partition: number; offset: number }[] = [];
  const assignments: number[][] = [];
  consumer.onAssignment((assignment) => {
    assignments.push(assignment.flatMap((entry) => entry.partitions));
  });
  await consumer.run((batch) => {
    onBatch?.(batch);
    for (const message of batch.messages) {
      seen.push({
        value: message.value?.toString() ?? '',
        partition: batch.partition,
        offset: message.offset,
      });
    }
    return Promise.resolve();
  });
  return { consumer, seen, assignments };
}

const values = (seen: { value: string }[]) => new Set(seen.map((entry) => entry.value));

describe.each(adaptersUnderTest())('the %s adapter under faults', (kind) => {
  const run = `${kind}-${randomBytes(4).toString('hex')}`;
  const consumers: KafkaConsumer[] = [];
  let kafka: KafkaClient;

  beforeAll(() => {
    kafka = createKafkaClient({
      brokers: sharedBrokers,
      client: kind,
      clientId: `faults-${run}`,
      logger,
    });
  });

  afterAll(async () => {
    await Promise.allSettled(consumers.map((consumer) => consumer.close()));
  });

  async function freshTopic(name: string): Promise<string> {
    const topic = `test.${run}.${name}`;
    await kafka.admin().ensureTopic({ topic, partitions: PARTITIONS });
    return topic;
  }

  async function send(topic: string, batch: KafkaRecord[]) {
    const producer = await kafka.producer();
    try {
      await producer.send(topic, batch);
    } finally {
      await producer.close();
    }
  }

  it('delivers a batch again when the handler throws, losing nothing', async () => {
    const topic = await freshTopic('redeliver');
    await send(topic, records('r', 60));
    const consumer = kafka.consumer({
      groupId: `${topic}.g`,
      topics: [topic],
      fromBeginning: true,
    });
    consumers.push(consumer);
    const seen: string[] = [];
    let failed: number[] = [];
    await consumer.run((batch) => {
      if (failed.length === 0) {
        failed = batch.messages.map((message) => message.offset);
        throw new Error('handler failure');
      }
      seen.push(...batch.messages.map((message) => `${batch.partition}:${message.offset}`));
      return Promise.resolve();
    });
    await waitUntil(() => seen.length >= 60, '60 records after the failure');
    expect(new Set(seen).size).toBe(60);
    await consumer.close();
  });

  it('splits partitions when a second member joins and hands them all back when it leaves', async () => {
    const topic = await freshTopic('rebalance');
    await send(topic, records('a', 90));
    const first = await collect(kafka, topic, `${topic}.g`);
    consumers.push(first.consumer);
    await waitUntil(() => values(first.seen).size === 90, 'the first 90 records');
    const second = await collect(kafka, topic, `${topic}.g`);
    consumers.push(second.consumer);
    await waitUntil(
      () =>
        (first.assignments.at(-1)?.length ?? 0) + (second.assignments.at(-1)?.length ?? 0) ===
          PARTITIONS && (second.assignments.at(-1)?.length ?? 0) > 0,
      'the partitions split between both members',
    );
    await second.consumer.close();
    await waitUntil(
      () => first.assignments.at(-1)?.length === PARTITIONS,
      'every partition back with the first member',
    );
    await send(topic, records('b', 90));
    await waitUntil(
      () => [...values(first.seen)].filter((v) => v.startsWith('b-')).length === 90,
      'the next 90 records',
    );
    await first.consumer.close();
  });

  it('seeks a running partition back, and pauses and resumes one', async () => {
    const topic = await freshTopic('seek');
    await send(topic, records('s', 60));
    const stale: boolean[] = [];
    const consumer = await collect(kafka, topic, `${topic}.g`, (batch) =>
      stale.push(batch.isStale()),
    );
    consumers.push(consumer.consumer);
    await waitUntil(() => consumer.seen.length >= 60, 'the first pass');
    const partition = consumer.seen[0]?.partition ?? 0;
    const before = consumer.seen.length;
    consumer.consumer.seek(topic, partition, 0);
    await waitUntil(
      () => consumer.seen.slice(before).some((e) => e.partition === partition),
      'records after the seek',
    );
    expect(consumer.seen.slice(before).find((e) => e.partition === partition)?.offset).toBe(0);

    consumer.consumer.pause(topic, partition);
    const highs = async () =>
      new Map((await kafka.admin().topicOffsets(topic)).map((p) => [p.partition, p.high]));
    const highsBefore = await highs();
    const paused = consumer.seen.length;
    await send(topic, records('p', 60));
    const highsAfter = await highs();
    const added = (p: number) => (highsAfter.get(p) ?? 0) - (highsBefore.get(p) ?? 0);
    expect(added(partition)).toBeGreaterThan(0);
    const elsewhere = 60 - added(partition);
    const fresh = () => consumer.seen.slice(paused).filter((e) => e.value.startsWith('p-'));
    await waitUntil(() => fresh().length >= elsewhere, 'the new records of the other partitions');
    expect(fresh().filter((e) => e.partition === partition)).toEqual([]);
    consumer.consumer.resume(topic, partition);
    await waitUntil(() => values(fresh()).size === 60, 'every new record after the resume');
    await consumer.consumer.close();
  });

  it('refuses, instead of hanging, when no broker answers', async () => {
    const nowhere = createKafkaClient({
      brokers: [`127.0.0.1:${await freePort()}`],
      client: kind,
      clientId: `nowhere-${run}`,
      logger,
    });
    await expect(nowhere.producer()).rejects.toThrow();
    const admin = nowhere.admin();
    await expect(admin.topicOffsets('any')).rejects.toThrow();
    await admin.close();
  }, 90_000);

  describe('a broker killed and restarted', () => {
    let broker: OwnBroker;
    beforeAll(async () => {
      broker = await startOwnBroker();
    }, 120_000);
    afterAll(async () => {
      await broker.stop();
    }, 60_000);

    it('fails sends while it is down, then produces and consumes everything once it is back', async () => {
      const own = createKafkaClient({
        brokers: broker.brokers,
        client: kind,
        clientId: `kill-${run}`,
        logger,
      });
      const topic = `test.${run}.kill`;
      const admin = own.admin();
      await admin.ensureTopic({ topic, partitions: PARTITIONS });
      const producer = await own.producer();
      const consumer = await collect(own, topic, `${topic}.g`);
      try {
        await producer.send(topic, records('before', 30));
        await waitUntil(() => values(consumer.seen).size === 30, 'records before the kill');
        await broker.kill();
        await expect(producer.send(topic, records('down', 3))).rejects.toThrow();
        await broker.restart();
        await producer.send(topic, records('after', 30));
        await waitUntil(
          () => [...values(consumer.seen)].filter((v) => v.startsWith('after-')).length === 30,
          'records after the restart',
          90_000,
        );
      } finally {
        await consumer.consumer.close();
        await producer.close();
        await admin.close();
      }
    }, 240_000);
  });
});
