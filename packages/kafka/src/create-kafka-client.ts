import { pino } from 'pino';
import type { KafkaClientOptions } from './client-options.js';
import { defaultKafkaClient } from './kafka-connection.js';
import { createKafkajsClient } from './kafkajs/create-kafkajs-client.js';
import { createPlatformaticClient } from './platformatic/create-platformatic-client.js';
import type { KafkaClient } from './port.js';

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
