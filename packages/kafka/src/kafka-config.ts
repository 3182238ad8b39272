import { z } from 'zod';
import {
  kafkaConnectionConfigSchema,
  kafkaConnectionFromEnv,
  type KafkaConnection,
} from './kafka-connection.js';

/** A comma-separated `host:port` list, e.g. `127.0.0.1:9092,127.0.0.1:9094`. */
export const brokerListSchema = z
  .string()
  .transform((list) =>
    list
      .split(',')
      .map((broker) => broker.trim())
      .filter((broker) => broker !== ''),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port'))
      .min(1, 'at least one broker'),
  );

/**
 * Kafka settings read from the environment. Compose it into a service's schema with
 * `...kafkaConfigSchema.shape` and build the connection with `kafkaConnectionFromEnv` in the
 * service's `transform`.
 */
export const kafkaConfigSchema = z.object({
  /** Comma-separated `host:port` list. */
  KAFKA_BROKERS: brokerListSchema.default(['127.0.0.1:9092']),
  KAFKA_TOPIC: z.string().min(1).default('dealflow.lead-events'),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).default(6),
  KAFKA_CLIENT_ID: z.string().min(1).default('dealflow'),
  ...kafkaConnectionConfigSchema.shape,
});

/** Validated Kafka settings (`KAFKA_BROKERS` split into a list) and the connection built from them. */
export type KafkaConfig = z.infer<typeof kafkaConfigSchema> & { connection: KafkaConnection };

const kafkaConfigFromEnv = kafkaConfigSchema.transform((env, ctx): KafkaConfig => ({
  ...env,
  connection: kafkaConnectionFromEnv(env, ctx),
}));

/**
 * Reads and validates the Kafka settings, throwing one readable error listing every problem.
 * The SASL password is a `Secret`: logging the configuration prints `[redacted]`.
 *
 * @example
 * const config = loadKafkaConfig();
 * const kafka = createKafkaClient({ ...config.connection, clientId: config.KAFKA_CLIENT_ID });
 */
export function loadKafkaConfig(env: NodeJS.ProcessEnv = process.env): KafkaConfig {
  const parsed = kafkaConfigFromEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid Kafka configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
