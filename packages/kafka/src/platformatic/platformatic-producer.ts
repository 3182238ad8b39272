import {
  compatibilityPartitioner,
  ProduceAcks,
  Producer,
  type BaseOptions,
  type MessageToProduce,
} from '@platformatic/kafka';
import type { KafkaProducer, KafkaRecord, PartitionAck, ProducerOptions } from '../port.js';
import { bigintToSafeNumber } from './bigint-to-safe-number.js';
import { clearError } from './clear-error.js';

/**
 * A producer with the kafkajs adapter's guarantees: acks from all in-sync replicas, one request
 * in flight (per-key order across retries), idempotent by default, the Java-compatible murmur2
 * partitioner, and bounded retries (the library would retry an idempotent send forever).
 * After a failed send the library producer is replaced (a new producer id), so a batch that
 * did reach the broker can never make the next one look out of order or a duplicate.
 */
export async function createPlatformaticProducer(
  base: BaseOptions,
  options: ProducerOptions = {},
): Promise<KafkaProducer> {
  const connect = async (): Promise<Producer> => {
    const fresh = new Producer({
      ...base,
      idempotent: options.idempotent ?? true,
      acks: ProduceAcks.ALL,
      maxInflights: 1,
      partitioner: compatibilityPartitioner,
    });
    try {
      await fresh.metadata({ topics: [] });
    } catch (error) {
      await fresh.close().catch(() => undefined);
      throw clearError(error);
    }
    return fresh;
  };
  let producer: Producer | undefined = await connect();
  let closed = false;

  return {
    async send(topic: string, records: readonly KafkaRecord[]): Promise<PartitionAck[]> {
      if (closed) throw new Error('producer is closed');
      if (records.length === 0) return [];
      const current = (producer ??= await connect());
      try {
        const { offsets = [] } = await current.send({
          messages: records.map((record) => toMessage(topic, record)),
        });
        return offsets.map(({ partition, offset }) => ({
          partition,
          baseOffset: bigintToSafeNumber(offset, 'base offset'),
        }));
      } catch (error) {
        producer = undefined;
        await current.close().catch(() => undefined);
        throw clearError(error);
      }
    },
    async close(): Promise<void> {
      closed = true;
      const current = producer;
      producer = undefined;
      await current?.close();
    },
  };
}

function toMessage(topic: string, { key, value, headers }: KafkaRecord): MessageToProduce {
  const message: MessageToProduce = { topic };
  if (key !== null) message.key = typeof key === 'string' ? Buffer.from(key) : key;
  if (value !== null) message.value = typeof value === 'string' ? Buffer.from(value) : value;
  if (headers !== undefined) {
    message.headers = new Map(
      Object.entries(headers).map(([name, text]) => [Buffer.from(name), Buffer.from(text)]),
    );
  }
  return message;
}
