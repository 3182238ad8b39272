import { ConfigError } from '@dealflow/runtime';
import { describe, expect, it } from 'vitest';
import { loadCommandConfig } from './config.js';

const required = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5433/db',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

describe('loadCommandConfig', () => {
  it('applies the defaults', () => {
    const config = loadCommandConfig(required);
    expect(config).toMatchObject({
      port: 3001,
      host: '127.0.0.1',
      kafkaBrokers: ['127.0.0.1:9092'],
      kafkaTopic: 'dealflow.lead-events',
      kafkaPartitions: 6,
      relay: { enabled: true, batchSize: 500, pollMs: 250, faultExitAfterPublish: false },
      idempotencyTtlHours: 24,
      maxClockSkewMs: 300_000,
    });
  });

  it('coerces strings and splits broker lists', () => {
    const config = loadCommandConfig({
      ...required,
      PORT: '4000',
      KAFKA_BROKERS: 'a:1, b:2',
      RELAY_ENABLED: 'false',
    });
    expect(config.port).toBe(4000);
    expect(config.kafkaBrokers).toEqual(['a:1', 'b:2']);
    expect(config.relay.enabled).toBe(false);
  });

  it('lists every offending variable', () => {
    const attempt = () => loadCommandConfig({ PORT: 'x', KAFKA_BROKERS: 'nope' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DATABASE_URL[\s\S]*KAFKA_BROKERS[\s\S]*PORT/);
  });
});
