import type { Logger } from 'pino';
import type { KafkaClientKind, KafkaSasl, KafkaTls } from './kafka-connection.js';

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
