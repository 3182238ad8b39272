import { decodeEvent } from '@dealflow/events';
import { createKafkaClient, type ConsumedBatch } from '@dealflow/kafka';
import { testBrokers } from '@dealflow/testkit';
import { testLogger } from './command-fixture.js';

/** One record read back from the topic. */
export interface CollectedRecord {
  partition: number;
  offset: number;
  key: string;
  leadId: string;
  version: number;
  id: string;
  type: string;
  headers: Record<string, string>;
}

/** Every record of a topic as it arrives, read through the kafka port from the beginning. */
export interface TopicCollector {
  records: CollectedRecord[];
  /** Distinct `(leadId, version)` pairs seen. */
  distinct(): Set<string>;
  close(): Promise<void>;
}

/** Starts a consumer (own group, from the beginning) that collects every record of `topic`. */
export async function collectTopic(topic: string): Promise<TopicCollector> {
  const kafka = createKafkaClient({
    brokers: testBrokers(),
    clientId: 'command-test',
    logger: testLogger,
  });
  const consumer = kafka.consumer({
    groupId: `${topic}.collector`,
    topics: [topic],
    fromBeginning: true,
  });
  const records: CollectedRecord[] = [];
  const collect = (batch: ConsumedBatch): void => {
    for (const message of batch.messages) {
      const decoded = decodeEvent({
        key: message.key,
        value: message.value,
        headers: message.headers,
      });
      if (!decoded.ok) throw new Error(`undecodable record: ${decoded.error.message}`);
      records.push({
        partition: batch.partition,
        offset: message.offset,
        key: message.key?.toString() ?? '',
        leadId: decoded.event.leadId,
        version: decoded.event.version,
        id: decoded.event.id,
        type: decoded.event.type,
        headers: message.headers,
      });
    }
  };
  await consumer.run((batch) => Promise.resolve(batch).then(collect));
  return {
    records,
    distinct: () => new Set(records.map((r) => `${r.leadId}@${r.version}`)),
    close: () => consumer.close(),
  };
}
