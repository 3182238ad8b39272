import type { Kafka, Producer } from 'kafkajs';
import type { KafkaProducer, KafkaRecord, PartitionAck, ProducerOptions } from '../port.js';
import { Murmur2Partitioner } from './murmur2-partitioner.js';
import { toSafeNumber } from './to-safe-number.js';

/**
 * A connected producer: `acks: -1` (all in-sync replicas), one request in flight per broker so a
 * retried batch can never overtake the next one (per-key order), idempotent by default, and the
 * Java-compatible murmur2 partitioner, so every client maps a key to the same partition (kafkajs'
 * own, computed without allocating: {@link Murmur2Partitioner}).
 *
 * Retries are bounded (the client's retry settings) instead of kafkajs' endless default for
 * idempotent producers: a `send` that gives up rejects, and the caller (the outbox relay) sends
 * the records again later. After a failed send the kafkajs producer is replaced by a new one (a
 * new producer id): kafkajs would otherwise reuse the failed batch's sequence numbers, and if
 * that batch did reach the broker, the next one would be refused as out of order or, with the
 * same record count, silently dropped as a duplicate. Duplicates from a resend are fine —
 * consumers recognise `(leadId, version)` — losses and hangs are not.
 */
export async function createKafkajsProducer(
  kafka: Kafka,
  options: ProducerOptions = {},
): Promise<KafkaProducer> {
  const connect = async (): Promise<Producer> => {
    const fresh = kafka.producer({
      idempotent: options.idempotent ?? true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Murmur2Partitioner,
    });
    await fresh.connect();
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
        const metadata = await current.send({
          topic,
          acks: -1,
          messages: records.map(({ key, value, headers }) => ({ key, value, headers })),
        });
        return metadata.map(({ partition, baseOffset }) => ({
          partition,
          baseOffset: toSafeNumber(baseOffset ?? '-1', 'base offset'),
        }));
      } catch (error) {
        producer = undefined;
        // A broken producer may fail to disconnect too; it is dropped either way.
        await current.disconnect().catch(() => undefined);
        throw error;
      }
    },
    async close(): Promise<void> {
      closed = true;
      const current = producer;
      producer = undefined;
      await current?.disconnect();
    },
  };
}
