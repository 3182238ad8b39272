import { describe, expect, it } from 'vitest';
import { loadKafkaConfig } from './kafka-config.js';

describe('loadKafkaConfig', () => {
  it('has defaults for a local broker', () => {
    expect(loadKafkaConfig({})).toEqual({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC: 'dealflow.lead-events',
      KAFKA_PARTITIONS: 6,
      KAFKA_CLIENT_ID: 'dealflow',
    });
  });

  it('splits and trims the broker list and coerces the partition count', () => {
    const config = loadKafkaConfig({ KAFKA_BROKERS: 'k1:9092, k2:9092,', KAFKA_PARTITIONS: '12' });
    expect(config.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092']);
    expect(config.KAFKA_PARTITIONS).toBe(12);
  });

  it('rejects brokers without a port and non-positive partition counts', () => {
    expect(() => loadKafkaConfig({ KAFKA_BROKERS: 'k1' })).toThrow(/host:port/);
    expect(() => loadKafkaConfig({ KAFKA_BROKERS: ' , ' })).toThrow(/at least one broker/);
    expect(() => loadKafkaConfig({ KAFKA_PARTITIONS: '0' })).toThrow(/KAFKA_PARTITIONS/);
  });
});
