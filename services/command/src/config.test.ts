import { ConfigError, tokenEntry } from '@dealflow/runtime';
import { describe, expect, it } from 'vitest';
import { loadCommandConfig } from './config.js';

const required = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5433/db',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_TOKENS: tokenEntry('t0ken', ['leads:write']),
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
      relay: { enabled: true, batchSize: 2000, pollMs: 250, faultExitAfterPublish: false },
      idempotencyTtlHours: 24,
      maxClockSkewMs: 300_000,
      security: {
        auth: { enabled: true, jwt: null },
        rateLimit: { max: 6000, windowMs: 60_000, authFailuresMax: 20 },
        corsOrigins: [],
      },
    });
  });

  it('needs a credential source unless authentication is explicitly off', () => {
    const { AUTH_TOKENS: _tokens, ...noTokens } = required;
    expect(() => loadCommandConfig(noTokens)).toThrow(/DEALFLOW_AUTH: authentication is on/);
    const off = loadCommandConfig({ ...noTokens, DEALFLOW_AUTH: 'off', RATE_LIMIT_MAX: '0' });
    expect(off.security).toMatchObject({ auth: { enabled: false }, rateLimit: null });
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
