import { encodeEvent, EVENT_EXAMPLES, type LeadEvent } from '@dealflow/events';
import { testBrokers, uniqueTopic, waitFor } from '@dealflow/testkit';
import { Kafka, logLevel, Partitioners, type Message } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { startLeadEventConsumer, type LeadEventConsumer } from './consumer.js';

const LEADS = 30;

/** Lead `n`'s whole history: created, advanced, won (versions 1, 2, 3). */
function history(n: number): LeadEvent[] {
  const leadId = `example-${n}`;
  const id = (version: number) =>
    `0192f3a0-7c1e-7000-8000-${String(n * 10 + version).padStart(12, '0')}`;
  return [EVENT_EXAMPLES.LeadCreated, EVENT_EXAMPLES.StageAdvanced, EVENT_EXAMPLES.DealWon].map(
    (example) => ({ ...example, leadId, id: id(example.version) }),
  );
}

const record = (event: LeadEvent): Message => encodeEvent(event, { source: 'test/example' });

describe('example lead-event consumer, against the real broker', () => {
  const kafka = new Kafka({
    brokers: testBrokers(),
    clientId: 'example-test',
    logLevel: logLevel.WARN,
  });
  const topic = uniqueTopic('example');
  const groupId = `${topic}.example-consumer`;
  const consumers: LeadEventConsumer[] = [];
  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  });

  it('hands each (leadId, version) over once, in version order, and skips what it cannot read', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const histories = Array.from({ length: LEADS }, (_, n) => history(n));
    // Every lead's history, then a repeat of the first two events of every third lead (as a
    // relay re-sends after a crash between publish and acknowledgement), then two bad records.
    const repeats = histories.filter((_, n) => n % 3 === 0).flatMap((events) => events.slice(0, 2));
    await producer.send({ topic, messages: histories.flat().map(record) });
    await producer.send({ topic, messages: repeats.map(record) });
    await producer.send({
      topic,
      messages: [
        { key: 'example-0', value: '{not json' },
        { ...record(histories[1]?.[0] ?? EVENT_EXAMPLES.LeadCreated), key: 'someone-else' },
      ],
    });
    await producer.disconnect();

    const seen: LeadEvent[] = [];
    const consumer = await startLeadEventConsumer({
      brokers: testBrokers(),
      topic,
      groupId,
      onEvent: (event) => void seen.push(event),
    });
    consumers.push(consumer);
    const stats = await waitFor(
      () => {
        const now = consumer.stats();
        const skipped = (now.skipped.invalid_json ?? 0) + (now.skipped.key_mismatch ?? 0);
        return now.duplicates + now.applied + skipped === LEADS * 3 + repeats.length + 2 && now;
      },
      { timeoutMs: 60_000, message: 'every record consumed' },
    );

    expect(stats).toEqual({
      applied: LEADS * 3,
      duplicates: repeats.length,
      gaps: 0,
      skipped: { invalid_json: 1, key_mismatch: 1 },
    });
    for (const events of histories) {
      const leadId = events[0]?.leadId;
      expect(seen.filter((e) => e.leadId === leadId)).toEqual(events);
    }

    // Its own group: the offsets it committed are at the end of every partition.
    const ends = await admin.fetchTopicOffsets(topic);
    await waitFor(
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return ends.every(
          (end) =>
            committed?.partitions.find((p) => p.partition === end.partition)?.offset === end.offset,
        );
      },
      { timeoutMs: 30_000, message: `offsets of ${groupId} committed to the end` },
    );
    await admin.disconnect();
  });
});
