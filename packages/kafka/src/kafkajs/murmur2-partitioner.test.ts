import fc from 'fast-check';
import kafkajs, { type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { murmur2, Murmur2Partitioner } from './murmur2-partitioner.js';

const metadata = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: partitionId % 3,
    replicas: [0],
    isr: [0],
  }));

describe('the 32-bit murmur2 partitioner', () => {
  it('puts every key on the partition kafkajs puts it on, for strings and bytes', () => {
    const theirs = kafkajs.Partitioners.DefaultPartitioner();
    const ours = Murmur2Partitioner();
    const key = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    );
    fc.assert(
      fc.property(key, fc.integer({ min: 1, max: 256 }), (k, count) => {
        const args = {
          topic: 't',
          partitionMetadata: metadata(count),
          message: { key: k, value: null },
        };
        expect(ours(args)).toBe(theirs(args));
      }),
      { numRuns: 5_000 },
    );
  });

  it('hashes as the Java client does (kafka Utils.murmur2 of known keys)', () => {
    // The values of Kafka's UtilsTest for org.apache.kafka.common.utils.Utils.murmur2, which
    // kafkajs' murmur2 gives too.
    expect(murmur2('21')).toBe(-973932308);
    expect(murmur2('foobar')).toBe(-790332482);
    expect(murmur2('a-little-bit-long-string')).toBe(-985981536);
    expect(murmur2('a-little-bit-longer-string')).toBe(-1486304829);
    expect(murmur2('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8')).toBe(-58897971);
    expect(murmur2(Buffer.from([0x61, 0x62, 0x63]))).toBe(479470107);
  });

  it('honours an explicit partition and round-robins records without a key', () => {
    const ours = Murmur2Partitioner();
    const partitionMetadata = metadata(4);
    expect(
      ours({ topic: 't', partitionMetadata, message: { key: 'k', value: null, partition: 2 } }),
    ).toBe(2);
    const seen = Array.from({ length: 8 }, () =>
      ours({ topic: 't', partitionMetadata, message: { value: null } }),
    );
    expect(new Set(seen)).toEqual(new Set([0, 1, 2, 3]));
    expect(seen.slice(4)).toEqual(seen.slice(0, 4));
  });
});
