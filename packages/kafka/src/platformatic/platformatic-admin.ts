import {
  Admin,
  ConfigResourceTypes,
  ListOffsetTimestamps,
  type BaseOptions,
} from '@platformatic/kafka';
import type {
  EnsureTopicOptions,
  EnsureTopicResult,
  KafkaAdmin,
  PartitionOffsets,
} from '../port.js';
import { bigintToSafeNumber } from './bigint-to-safe-number.js';
import { clearly } from './clear-error.js';

/** The port's `KafkaAdmin` over a `@platformatic/kafka` admin client (it connects lazily). */
export function createPlatformaticAdmin(base: BaseOptions): KafkaAdmin {
  let admin: Admin | undefined;
  const client = (): Admin => (admin ??= new Admin(base));

  const partitionCount = async (topic: string): Promise<number | undefined> => {
    if (!(await client().listTopics()).includes(topic)) return undefined;
    const metadata = await client().metadata({ topics: [topic], forceUpdate: true });
    return metadata.topics.get(topic)?.partitionsCount;
  };

  const port: KafkaAdmin = {
    async ensureTopic(options: EnsureTopicOptions): Promise<EnsureTopicResult> {
      const existing = await partitionCount(options.topic);
      if (existing !== undefined) return { created: false, partitions: existing };
      const configs = Object.entries({
        'retention.ms': String(options.retentionMs ?? -1),
        ...options.extraConfig,
      }).map(([name, value]) => ({ name, value }));
      const brokers = (await client().metadata({ topics: [] })).brokers.size;
      try {
        await client().createTopics({
          topics: [options.topic],
          partitions: options.partitions,
          replicas: options.replicationFactor ?? Math.min(3, brokers),
          configs,
        });
      } catch (error) {
        // Another process created it between our check and our request.
        const raced = await partitionCount(options.topic);
        if (raced === undefined) throw error;
        return { created: false, partitions: raced };
      }
      return { created: true, partitions: options.partitions };
    },

    async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
      const count = (await partitionCount(topic)) ?? 0;
      const at = async (timestamp: bigint) => {
        const partitions = Array.from({ length: count }, (_, partitionIndex) => ({
          partitionIndex,
          timestamp,
        }));
        const [listed] = await client().listOffsets({ topics: [{ name: topic, partitions }] });
        return new Map(listed?.partitions.map((p) => [p.partitionIndex, p.offset]));
      };
      const [low, high] = await Promise.all([
        at(ListOffsetTimestamps.EARLIEST),
        at(ListOffsetTimestamps.LATEST),
      ]);
      return Array.from({ length: count }, (_, partition) => ({
        partition,
        low: bigintToSafeNumber(low.get(partition) ?? 0n, 'low offset'),
        high: bigintToSafeNumber(high.get(partition) ?? 0n, 'high offset'),
      }));
    },

    async topicConfig(topic: string): Promise<Record<string, string>> {
      const [described] = await client().describeConfigs({
        resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic }],
      });
      return Object.fromEntries(
        (described?.configs ?? []).map((entry) => [entry.name, entry.value ?? '']),
      );
    },

    async deleteTopic(topic: string): Promise<void> {
      if (!(await client().listTopics()).includes(topic)) return;
      await client().deleteTopics({ topics: [topic] });
    },

    async close(): Promise<void> {
      const current = admin;
      admin = undefined;
      await current?.close();
    },
  };
  return {
    ensureTopic: (options) => clearly(port.ensureTopic(options)),
    topicOffsets: (topic) => clearly(port.topicOffsets(topic)),
    topicConfig: (topic) => clearly(port.topicConfig(topic)),
    deleteTopic: (topic) => clearly(port.deleteTopic(topic)),
    close: () => port.close(),
  };
}
