import type { BaseOptions, SASLOptions } from '@platformatic/kafka';
import type { Logger } from 'pino';
import type { KafkaClientOptions } from '../client-options.js';
import type { KafkaClient } from '../port.js';
import { isAuthenticationError } from './clear-error.js';
import { createPlatformaticAdmin } from './platformatic-admin.js';
import { createPlatformaticConsumer } from './platformatic-consumer.js';
import { createPlatformaticProducer } from './platformatic-producer.js';

/**
 * Retries of one operation: 100 ms doubling up to 5 s, 8 times (~16 s), as the kafkajs adapter.
 * A refused login is retried at once: waiting would not make the credentials right.
 */
const RETRIES = 8;
const retryDelay = (_client: object, _op: string, attempt: number, _n: number, error: Error) =>
  isAuthenticationError(error) ? 0 : Math.min(5_000, 100 * 2 ** (attempt - 1));

/**
 * A `KafkaClient` backed by `@platformatic/kafka` (pure TypeScript, maintained; Node ≥ 22).
 * Same policy as the kafkajs adapter: 3 s connection timeout, bounded retries, topics never
 * auto-created, the Java (murmur2) partitioner, all-replica acks.
 */
export function createPlatformaticClient(options: KafkaClientOptions, logger: Logger): KafkaClient {
  const base: BaseOptions = {
    clientId: options.clientId,
    bootstrapBrokers: options.brokers,
    connectTimeout: 3_000,
    requestTimeout: 30_000,
    retries: RETRIES,
    retryDelay,
    autocreateTopics: false,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.sasl === undefined ? {} : { sasl: platformaticSasl(options.sasl) }),
  };
  return {
    admin: () => createPlatformaticAdmin(base),
    producer: (producerOptions) => createPlatformaticProducer(base, producerOptions),
    consumer: (consumerOptions) => createPlatformaticConsumer(base, consumerOptions, logger),
  };
}

function platformaticSasl(sasl: NonNullable<KafkaClientOptions['sasl']>): SASLOptions {
  // A provider, so the password never sits in the client's options as plain text.
  return {
    mechanism: sasl.mechanism,
    username: sasl.username,
    password: () => sasl.password.reveal(),
  };
}
