import { inspect } from 'node:util';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadKafkaConfig } from './kafka-config.js';
import { defaultKafkaClient } from './kafka-connection.js';

describe('loadKafkaConfig', () => {
  it('has defaults for a local broker, in plain text, without authentication', () => {
    const config = loadKafkaConfig({});
    expect(config).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC: 'dealflow.lead-events',
      KAFKA_PARTITIONS: 6,
      KAFKA_CLIENT_ID: 'dealflow',
    });
    expect(config.connection).toEqual({ brokers: ['127.0.0.1:9092'], client: defaultKafkaClient });
  });

  it('splits and trims the broker list and coerces the partition count', () => {
    const config = loadKafkaConfig({ KAFKA_BROKERS: 'k1:9092, k2:9092,', KAFKA_PARTITIONS: '12' });
    expect(config.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092']);
    expect(config.connection.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.KAFKA_PARTITIONS).toBe(12);
  });

  it('rejects brokers without a port and non-positive partition counts', () => {
    expect(() => loadKafkaConfig({ KAFKA_BROKERS: 'k1' })).toThrow(/host:port/);
    expect(() => loadKafkaConfig({ KAFKA_BROKERS: ' , ' })).toThrow(/at least one broker/);
    expect(() => loadKafkaConfig({ KAFKA_PARTITIONS: '0' })).toThrow(/KAFKA_PARTITIONS/);
  });

  it('selects the client library and refuses an unknown one', () => {
    expect(loadKafkaConfig({ KAFKA_CLIENT: 'platformatic' }).connection.client).toBe(
      'platformatic',
    );
    expect(() => loadKafkaConfig({ KAFKA_CLIENT: 'rdkafka' })).toThrow(/KAFKA_CLIENT/);
  });

  it('builds SASL credentials for each supported mechanism', () => {
    for (const mechanism of ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN']) {
      const { sasl } = loadKafkaConfig({
        KAFKA_SASL_MECHANISM: mechanism,
        KAFKA_SASL_USERNAME: 'relay',
        KAFKA_SASL_PASSWORD: 's3cret',
      }).connection;
      expect(sasl?.mechanism).toBe(mechanism);
      expect(sasl?.username).toBe('relay');
      expect(sasl?.password.reveal()).toBe('s3cret');
    }
  });

  it('refuses incomplete SASL settings and unknown mechanisms', () => {
    expect(() => loadKafkaConfig({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512' })).toThrow(
      /KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/,
    );
    expect(() =>
      loadKafkaConfig({ KAFKA_SASL_USERNAME: 'relay', KAFKA_SASL_PASSWORD: 's3cret' }),
    ).toThrow(/set KAFKA_SASL_MECHANISM/);
    expect(() =>
      loadKafkaConfig({
        KAFKA_SASL_MECHANISM: 'GSSAPI',
        KAFKA_SASL_USERNAME: 'relay',
        KAFKA_SASL_PASSWORD: 's3cret',
      }),
    ).toThrow(/KAFKA_SASL_MECHANISM/);
  });

  it('never prints the SASL password: JSON, util.inspect and pino show [redacted]', () => {
    const config = loadKafkaConfig({
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'relay',
      KAFKA_SASL_PASSWORD: 'hunter2-secret',
    });
    const lines: string[] = [];
    const logger = pino({}, { write: (line: string) => lines.push(line) });
    logger.info({ config }, 'configuration');
    for (const text of [JSON.stringify(config), inspect(config, { depth: 9 }), lines.join('')]) {
      expect(text).not.toContain('hunter2-secret');
      expect(text).toContain('[redacted]');
    }
  });

  it('turns on TLS, reads the CA file, and names a missing one', () => {
    expect(loadKafkaConfig({ KAFKA_SSL: 'true' }).connection.tls).toEqual({
      rejectUnauthorized: true,
    });
    const ca = loadKafkaConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: import.meta.filename })
      .connection.tls?.ca;
    expect(ca).toContain('loadKafkaConfig');
    expect(() =>
      loadKafkaConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }),
    ).toThrow(/cannot read \/nonexistent\/ca.pem[\s\S]*KAFKA_SSL_CA_FILE/);
    expect(() => loadKafkaConfig({ KAFKA_SSL_CA_FILE: '/etc/ssl/ca.pem' })).toThrow(
      /set KAFKA_SSL=true/,
    );
  });
});
