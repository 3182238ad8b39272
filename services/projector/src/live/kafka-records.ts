import { decodeEvent, type DecodeResult } from '@dealflow/events';
import type { ConsumedMessage } from '@dealflow/kafka';
import type { PositionedRecord } from '../apply/positioned-record.js';

/** A consumed Kafka record as the apply step takes it; decoded on first read. */
class KafkaRecord implements PositionedRecord {
  #result: DecodeResult | undefined;
  constructor(
    readonly stream: string,
    readonly partition: number,
    readonly raw: ConsumedMessage,
  ) {}

  get offset(): number {
    return this.raw.offset;
  }

  get timestamp(): number {
    return this.raw.timestamp;
  }

  /** Records below the checkpoint are dropped before anything reads them: never decoded. */
  get result(): DecodeResult {
    this.#result ??= decodeEvent(this.raw);
    return this.#result;
  }
}

/** The records of one Kafka partition's chunk, positioned by topic, partition and offset. */
export function kafkaRecords(
  topic: string,
  partition: number,
  messages: readonly ConsumedMessage[],
): PositionedRecord[] {
  return messages.map((m) => new KafkaRecord(topic, partition, m));
}
