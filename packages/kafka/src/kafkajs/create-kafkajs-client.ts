import kafkajs, { type SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaClientOptions } from '../client-options.js';
import type { KafkaSasl } from '../kafka-connection.js';
import type { KafkaClient } from '../port.js';
import { createKafkajsAdmin } from './kafkajs-admin.js';
import { createKafkajsConsumer } from './kafkajs-consumer.js';
import { createKafkajsProducer } from './kafkajs-producer.js';
import { kafkajsLevelOf, pinoLogCreator } from './pino-log-creator.js';

const { Kafka } = kafkajs;

/**
 * A `KafkaClient` backed by kafkajs 2.2.
 *
 * - logs go to pino, at the pino logger's level;
 * - connections time out after 3 s (kafkajs' 1 s is short on a busy CI machine);
 * - retries are explicit — 100 ms doubling up to 5 s, 8 times (~16 s) — so behaviour does not
 *   change under `NODE_ENV=test`, where kafkajs silently switches to other defaults;
 * - topics are never auto-created (on KRaft, auto-creation fails the first request).
 */
export function createKafkajsClient(options: KafkaClientOptions, logger: Logger): KafkaClient {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.tls,
    sasl: options.sasl === undefined ? undefined : kafkajsSasl(options.sasl),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 100, maxRetryTime: 5_000, multiplier: 2, factor: 0.2, retries: 8 },
    logLevel: kafkajsLevelOf(logger),
    logCreator: pinoLogCreator(logger),
  });
  return {
    admin: () => createKafkajsAdmin(kafka),
    producer: (producerOptions) => createKafkajsProducer(kafka, producerOptions),
    consumer: (consumerOptions) => createKafkajsConsumer(kafka, consumerOptions, logger),
  };
}

function kafkajsSasl({ mechanism, username, password }: KafkaSasl): SASLOptions {
  switch (mechanism) {
    case 'SCRAM-SHA-512':
      return { mechanism: 'scram-sha-512', username, password: password.reveal() };
    case 'SCRAM-SHA-256':
      return { mechanism: 'scram-sha-256', username, password: password.reveal() };
    case 'PLAIN':
      return { mechanism: 'plain', username, password: password.reveal() };
  }
}
