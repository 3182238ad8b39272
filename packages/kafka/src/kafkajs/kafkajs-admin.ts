import kafkajs, { type Admin, type Kafka } from 'kafkajs';
import type {
  EnsureTopicOptions,
  EnsureTopicResult,
  KafkaAdmin,
  PartitionOffsets,
} from '../port.js';
import { toSafeNumber } from './to-safe-number.js';

const { ConfigResourceTypes } = kafkajs;

/** The port's `KafkaAdmin` over a kafkajs admin client, connected on first use. */
export function createKafkajsAdmin(kafka: Kafka): KafkaAdmin {
  const admin = kafka.admin();
  let connecting: Promise<Admin> | undefined;
  const connected = (): Promise<Admin> =>
    (connecting ??= admin.connect().then(
      () => admin,
      (error: unknown) => {
        connecting = undefined;
        throw error;
      },
    ));

  const partitionCount = async (topic: string): Promise<number | undefined> => {
    const client = await connected();
    if (!(await client.listTopics()).includes(topic)) return undefined;
    const { topics } = await client.fetchTopicMetadata({ topics: [topic] });
    return topics[0]?.partitions.length;
  };

  return {
    async ensureTopic(options: EnsureTopicOptions): Promise<EnsureTopicResult> {
      const existing = await partitionCount(options.topic);
      if (existing !== undefined) return { created: false, partitions: existing };
      const client = await connected();
      const configEntries = Object.entries({
        'retention.ms': String(options.retentionMs ?? -1),
        ...options.extraConfig,
      }).map(([name, value]) => ({ name, value }));
      const { brokers } = await client.describeCluster();
      const created = await client.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: options.topic,
            numPartitions: options.partitions,
            replicationFactor: options.replicationFactor ?? Math.min(3, brokers.length),
            configEntries,
          },
        ],
      });
      // false: another process created it between our check and our request.
      const partitions = created ? options.partitions : await partitionCount(options.topic);
      return { created, partitions: partitions ?? options.partitions };
    },

    async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
      const client = await connected();
      const offsets = await client.fetchTopicOffsets(topic);
      return offsets
        .map(({ partition, low, high }) => ({
          partition,
          low: toSafeNumber(low, 'low offset'),
          high: toSafeNumber(high, 'high offset'),
        }))
        .sort((a, b) => a.partition - b.partition);
    },

    async topicConfig(topic: string): Promise<Record<string, string>> {
      const client = await connected();
      const { resources } = await client.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
      });
      const entries = resources[0]?.configEntries ?? [];
      return Object.fromEntries(entries.map((entry) => [entry.configName, entry.configValue]));
    },

    async deleteTopic(topic: string): Promise<void> {
      const client = await connected();
      if (!(await client.listTopics()).includes(topic)) return;
      await client.deleteTopics({ topics: [topic] });
    },

    async close(): Promise<void> {
      if (connecting === undefined) return;
      connecting = undefined;
      await admin.disconnect();
    },
  };
}
