import { createKafkaClient } from '@dealflow/kafka';
import { startService, testBrokers, uniqueTopic, waitFor } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, testLogger, type CommandFixture } from './testing/command-fixture.js';
import { collectTopic } from './testing/topic-collector.js';

let fx: CommandFixture;
const topic = uniqueTopic('command-server');

beforeAll(async () => {
  fx = await commandFixture();
  const admin = createKafkaClient({
    brokers: testBrokers(),
    clientId: 'server-test',
    logger: testLogger,
  }).admin();
  await admin.ensureTopic({ topic, partitions: 3, replicationFactor: 1 });
  await admin.close();
});
afterAll(() => fx.close());

describe('command server', () => {
  it('serves commands over HTTP, relays them to Kafka and stops cleanly on SIGTERM', async () => {
    const collector = await collectTopic(topic);
    const service = await startService('command', {
      DATABASE_URL: fx.tdb.url,
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC: topic,
    });
    try {
      const res = await fetch(`${service.url}/v1/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          leadId: 'srv-1',
          name: 'Ada',
          amount: { value: 1, currency: 'EUR' },
        }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('etag')).toBe('"1"');
      await waitFor(() => collector.distinct().has('srv-1@1'), { message: 'srv-1 on Kafka' });
      const health = await (await fetch(`${service.url}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', relay: { state: 'active' } });
      expect(await service.kill('SIGTERM')).toBe(0);
      await waitFor(() => service.output().includes('shutdown complete'), {
        message: 'clean shutdown',
      });
    } finally {
      await service.kill('SIGKILL');
      await collector.close();
    }
  });
});
