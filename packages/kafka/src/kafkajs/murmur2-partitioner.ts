import { randomBytes } from 'node:crypto';
import type { ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's murmur2 of a record key (the Java client's `Utils.murmur2`, as kafkajs computes it),
 * in 32-bit arithmetic: every step of kafkajs' 64-bit `Long` version keeps only its low 32 bits,
 * and so does this, without allocating. The same key gives the same hash as kafkajs and Java.
 */
export function murmur2(key: Buffer | string): number {
  const data = typeof key === 'string' ? Buffer.from(key) : key;
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k =
      (data[i] as number) |
      ((data[i + 1] as number) << 8) |
      ((data[i + 2] as number) << 16) |
      ((data[i + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= (data[whole + 2] as number) << 16;
  if (rest >= 2) h ^= (data[whole + 1] as number) << 8;
  if (rest >= 1) {
    h ^= data[whole] as number;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

const toPositive = (x: number) => x & 0x7fffffff;

/**
 * kafkajs' `DefaultPartitioner` (the Java client's default before sticky batching) with
 * {@link murmur2} in 32-bit arithmetic: a keyed record goes to `murmur2(key) mod partitions`,
 * exactly where kafkajs and Java put it; a record without key round-robins over the partitions
 * with a leader, from a random start. kafkajs' own allocates 64-bit `Long`s for every step of
 * every key's hash, most of what a publish allocated.
 */
export const Murmur2Partitioner: ICustomPartitioner = () => {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined) {
      return toPositive(murmur2(message.key)) % partitionMetadata.length;
    }
    const next = (counters.get(topic) ?? randomBytes(4).readUInt32BE(0)) + 1;
    counters.set(topic, next);
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    if (available.length > 0) {
      return (available[toPositive(next) % available.length] as { partitionId: number })
        .partitionId;
    }
    return toPositive(next) % partitionMetadata.length;
  };
};
