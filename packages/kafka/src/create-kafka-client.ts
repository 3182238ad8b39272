import { pino, type Logger } from 'pino';
import {
  defaultKafkaClient,
  type KafkaClientKind,
  type KafkaSasl,
  type KafkaTls,
} from './kafka-connection.js';
import { createKafkajsClient } from './kafkajs/create-kafkajs-client.js';
import { createPlatformaticClient } from './platformatic/create-platformatic-client.js';
import type { KafkaClient } from './port.js';

/** Options of `createKafkaClient`: a `KafkaConnection` plus the client id and a logger. */
export interface KafkaClientOptions {
  /** `host:port` of one or more brokers. */
  brokers: string[];
  clientId: string;
  /** The library behind the port (`KAFKA_CLIENT`); default `defaultKafkaClient`. */
  client?: KafkaClientKind;
  /** TLS to the brokers (`KAFKA_SSL`, `KAFKA_SSL_CA_FILE`). */
  tls?: KafkaTls;
  /** SASL credentials (`KAFKA_SASL_*`). */
  sasl?: KafkaSasl;
  /** Receives the client's logs (default: a pino logger at `warn`). */
  logger?: Logger;
}

/**
 * A `KafkaClient` backed by the library `client` names. Topics are never auto-created; every
 * adapter passes the same contract and fault tests (`kafka.int.test.ts`).
 *
 * @example
 * const kafka = createKafkaClient({ ...config.connection, clientId: 'relay', logger });
 * await kafka.admin().ensureTopic({ topic: config.KAFKA_TOPIC, partitions: config.KAFKA_PARTITIONS });
 */
export function createKafkaClient(options: KafkaClientOptions): KafkaClient {
  const client = options.client ?? defaultKafkaClient;
  const logger = (options.logger ?? pino({ level: 'warn' })).child({ component: client });
  switch (client) {
    case 'kafkajs':
      return createKafkajsClient(options, logger);
    case 'platformatic':
      return createPlatformaticClient(options, logger);
  }
}
