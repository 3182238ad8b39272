import { z } from 'zod';

const brokerList = z
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
 * `kafkaConfigSchema.extend({...})`.
 */
export const kafkaConfigSchema = z.object({
  /** Comma-separated `host:port` list. */
  KAFKA_BROKERS: brokerList.default(['127.0.0.1:9092']),
  KAFKA_TOPIC: z.string().min(1).default('dealflow.lead-events'),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).default(6),
  KAFKA_CLIENT_ID: z.string().min(1).default('dealflow'),
});

/** Validated Kafka settings (`KAFKA_BROKERS` already split into a list). */
export type KafkaConfig = z.infer<typeof kafkaConfigSchema>;

/**
 * Reads and validates the Kafka settings, throwing one readable error listing every problem.
 *
 * @example
 * const config = loadKafkaConfig();
 * const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID });
 */
export function loadKafkaConfig(env: NodeJS.ProcessEnv = process.env): KafkaConfig {
  const parsed = kafkaConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid Kafka configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
