import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient } from './create-kafka-client.js';
import { saslMechanisms, Secret, type SaslMechanism } from './kafka-connection.js';
import type { KafkaClientKind } from './kafka-connection.js';
import { adaptersUnderTest, waitUntil } from './testing/adapters.js';
import { startOwnBroker, type OwnBroker } from './testing/own-broker.js';

const run = randomBytes(4).toString('hex');
const user = { name: 'dealflow', password: `pw-${run}` };
const logger = pino({ level: 'silent' });
/** kafkajs: 'SASL SCRAM SHA512 authentication failed'; platformatic (via the adapter): 'Kafka SASL authentication failed'. */
const refused = /SASL\b.*authentication failed/i;
let broker: OwnBroker;

beforeAll(async () => {
  broker = await startOwnBroker([user]);
}, 120_000);

afterAll(async () => {
  await broker.stop();
}, 60_000);

function clientWith(kind: KafkaClientKind, mechanism: SaslMechanism, password: string) {
  return createKafkaClient({
    brokers: broker.brokers,
    client: kind,
    clientId: `sasl-${run}`,
    sasl: { mechanism, username: user.name, password: new Secret(password) },
    logger,
  });
}

describe.each(adaptersUnderTest())('the %s adapter against a SASL broker', (kind) => {
  it.each(saslMechanisms)('produces and consumes with %s credentials', async (mechanism) => {
    const kafka = clientWith(kind, mechanism, user.password);
    const topic = `test.${run}.${kind}.${mechanism.toLowerCase()}`;
    const admin = kafka.admin();
    const producer = await kafka.producer();
    const consumer = kafka.consumer({
      groupId: `${topic}.group`,
      topics: [topic],
      fromBeginning: true,
    });
    try {
      await admin.ensureTopic({ topic, partitions: 2 });
      const records = ['a', 'b', 'c', 'd'].map((key) => ({ key, value: `value-${key}` }));
      await producer.send(topic, records);
      const seen: string[] = [];
      await consumer.run((batch) => {
        seen.push(...batch.messages.map((message) => message.value?.toString() ?? ''));
        return Promise.resolve();
      });
      await waitUntil(() => seen.length >= records.length, 'the records back', 60_000);
      expect(seen.sort()).toEqual(records.map((record) => record.value));
    } finally {
      await consumer.close();
      await producer.close();
      await admin.deleteTopic(topic);
      await admin.close();
    }
  });

  it.each(saslMechanisms)('is refused with a wrong %s password', async (mechanism) => {
    const kafka = clientWith(kind, mechanism, 'not-the-password');
    const admin = kafka.admin();
    try {
      await expect(admin.topicOffsets(`test.${run}.refused`)).rejects.toThrow(refused);
      await expect(kafka.producer()).rejects.toThrow(refused);
    } finally {
      await admin.close();
    }
  });
});
