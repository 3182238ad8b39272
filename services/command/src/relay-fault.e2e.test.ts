import { createKafkaClient } from '@dealflow/kafka';
import { startService, testBrokers, uniqueTopic, waitFor } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from './relay.js';
import {
  commandFixture,
  newLeadId,
  testLogger,
  type CommandFixture,
} from './testing/command-fixture.js';
import { collectTopic } from './testing/topic-collector.js';

let fx: CommandFixture;
const topic = uniqueTopic('command-fault');

beforeAll(async () => {
  fx = await commandFixture();
  const admin = createKafkaClient({
    brokers: testBrokers(),
    clientId: 'fault-test',
    logger: testLogger,
  }).admin();
  await admin.ensureTopic({ topic, partitions: 3, replicationFactor: 1 });
  await admin.close();
});
afterAll(() => fx.close());

describe('RELAY_FAULT_EXIT_AFTER_PUBLISH', () => {
  it('kills the service between publish and delete; the next relay republishes (duplicates, no loss)', async () => {
    const leadIds: string[] = [];
    for (let i = 0; i < 10; i++) leadIds.push(await fx.createLead(newLeadId('fault')));
    const collector = await collectTopic(topic);
    const service = await startService(
      'command',
      {
        DATABASE_URL: fx.tdb.url,
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_TOPIC: topic,
        KAFKA_PARTITIONS: '3',
        RELAY_FAULT_EXIT_AFTER_PUBLISH: '1',
      },
      { waitForHealth: false },
    );
    try {
      const exit = await Promise.race([
        service.exited,
        waitFor(() => false, { timeoutMs: 45_000, message: 'the service to kill itself' }),
      ]);
      expect(exit).toBeNull(); // killed by a signal, not a normal exit
      // stdout may still be draining when 'exit' fires.
      await waitFor(() => service.output().includes('RELAY_FAULT_EXIT_AFTER_PUBLISH'), {
        message: 'the fault hook logged',
      });
      await waitFor(() => collector.distinct().size === 10, {
        message: 'the published batch on Kafka',
      });
      expect((await fx.counts()).outbox).toBe(10); // published, never deleted

      const kafka = createKafkaClient({
        brokers: testBrokers(),
        clientId: 'fault-test',
        logger: testLogger,
      });
      const relay = new OutboxRelay({
        pool: fx.tdb.pool,
        kafka,
        topic,
        logger: testLogger,
        pollMs: 50,
      });
      relay.start();
      try {
        await waitFor(async () => (await fx.counts()).outbox === 0, { message: 'outbox drained' });
        await waitFor(() => collector.records.length >= 20, { message: 'the batch republished' });
      } finally {
        await relay.stop();
      }
      expect(collector.distinct()).toEqual(new Set(leadIds.map((id) => `${id}@1`)));
    } finally {
      await service.kill('SIGKILL');
      await collector.close();
    }
  });
});
