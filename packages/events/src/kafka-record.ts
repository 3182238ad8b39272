import type { Buffer } from 'node:buffer';

/** A Kafka record as the producer sends it; shaped like kafkajs' `Message`, without importing it. */
export interface KafkaRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** A consumed Kafka record, loose enough for kafkajs' `KafkaMessage` and for raw test input. */
export interface KafkaRecordInput {
  key: string | Buffer | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}
