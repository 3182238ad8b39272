import kafkajs from 'kafkajs';
import { pino, type Logger } from 'pino';
import type { KafkaClient } from '../port.js';
import { createKafkajsAdmin } from './kafkajs-admin.js';
import { createKafkajsConsumer } from './kafkajs-consumer.js';
import { createKafkajsProducer } from './kafkajs-producer.js';
import { kafkajsLevelOf, pinoLogCreator } from './pino-log-creator.js';

const { Kafka } = kafkajs;

/** Options of `createKafkaClient`. */
export interface KafkaClientOptions {
  /** `host:port` of one or more brokers. */
  brokers: string[];
  clientId: string;
  /** Receives kafkajs' logs (default: a pino logger at `warn`). */
  logger?: Logger;
}

/**
 * A `KafkaClient` backed by kafkajs 2.2.
 *
 * - logs go to pino, at the pino logger's level;
 * - connections time out after 3 s (kafkajs' 1 s is short on a busy CI machine);
 * - retries are explicit — 100 ms doubling up to 5 s, 8 times (~16 s) — so behaviour does not
 *   change under `NODE_ENV=test`, where kafkajs silently switches to other defaults;
 * - topics are never auto-created (on KRaft, auto-creation fails the first request).
 *
 * @example
 * const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'relay', logger });
 * await kafka.admin().ensureTopic({ topic: config.KAFKA_TOPIC, partitions: config.KAFKA_PARTITIONS });
 */
export function createKafkaClient(options: KafkaClientOptions): KafkaClient {
  const logger = (options.logger ?? pino({ level: 'warn' })).child({ component: 'kafkajs' });
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
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
