import { ConfigError } from '@dealflow/runtime';
import { describe, expect, it } from 'vitest';
import { loadProjectorConfig } from './config.js';

const required = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5433/db',
  KAFKA_BROKERS: '127.0.0.1:9092',
  DEALFLOW_AUTH: 'off',
};

describe('loadProjectorConfig', () => {
  it('applies the defaults', () => {
    expect(loadProjectorConfig(required)).toMatchObject({
      kafkaBrokers: ['127.0.0.1:9092'],
      kafkaTopic: 'dealflow.lead-events',
      kafkaGroupId: 'dealflow-projector',
      port: 3003,
      host: '127.0.0.1',
      logLevel: 'info',
      pipelinesFile: undefined,
      heartbeatStaleMs: 30_000,
      kafkaSessionTimeoutMs: 30_000,
      statsRefreshMs: 1_000,
    });
  });

  it('coerces numbers and splits broker lists', () => {
    const config = loadProjectorConfig({
      ...required,
      PORT: '4003',
      KAFKA_BROKERS: 'a:1, b:2',
      MAX_BATCH_BYTES: '65536',
      HEARTBEAT_STALE_MS: '5000',
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      STATS_REFRESH_MS: '0',
    });
    expect(config).toMatchObject({
      port: 4003,
      kafkaBrokers: ['a:1', 'b:2'],
      maxBatchBytes: 65_536,
      heartbeatStaleMs: 5000,
      kafkaSessionTimeoutMs: 10_000,
      statsRefreshMs: 0,
    });
  });

  it('lists every offending variable', () => {
    expect(() => loadProjectorConfig({ PORT: 'x' })).toThrow(ConfigError);
    // Below the broker's group.min.session.timeout.ms every join would be refused.
    expect(() => loadProjectorConfig({ ...required, KAFKA_SESSION_TIMEOUT_MS: '1000' })).toThrow(
      /KAFKA_SESSION_TIMEOUT_MS/,
    );
    expect(() => loadProjectorConfig({ KAFKA_BROKERS: 'nope' })).toThrow(
      /DATABASE_URL[\s\S]*KAFKA_BROKERS/,
    );
  });
});
