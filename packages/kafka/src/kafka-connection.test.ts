import { describe, expect, it } from 'vitest';
import { kafkaConnectionFromPlain, kafkaConnectionToPlain, Secret } from './kafka-connection.js';

describe('the Kafka connection as plain data', () => {
  it('survives structured cloning (workerData) with its password', () => {
    const connection = {
      brokers: ['k1:9093'],
      client: 'platformatic' as const,
      tls: { rejectUnauthorized: true, ca: '-----BEGIN CERTIFICATE-----' },
      sasl: { mechanism: 'SCRAM-SHA-512' as const, username: 'relay', password: new Secret('pw') },
    };
    const back = kafkaConnectionFromPlain(structuredClone(kafkaConnectionToPlain(connection)));
    expect(back.sasl?.password.reveal()).toBe('pw');
    expect({ ...back, sasl: { ...back.sasl, password: undefined } }).toEqual({
      ...connection,
      sasl: { ...connection.sasl, password: undefined },
    });
  });

  it('leaves a connection without SASL as it is', () => {
    const plain = kafkaConnectionToPlain({ brokers: ['k1:9092'], client: 'kafkajs' });
    expect(kafkaConnectionFromPlain(plain)).toEqual({ brokers: ['k1:9092'], client: 'kafkajs' });
  });
});
