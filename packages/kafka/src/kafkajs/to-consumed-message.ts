import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { ConsumedMessage } from '../port.js';
import { toSafeNumber } from './to-safe-number.js';

/**
 * A consumed kafkajs message. Its headers are decoded to text on first read: the projector
 * reads them only for a record it cannot apply, so a rebuild does not decode a handful of
 * header strings per record for nothing.
 */
class KafkajsMessage implements ConsumedMessage {
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  #raw: IHeaders | undefined;
  #text: Record<string, string> | undefined;

  constructor(message: KafkaMessage) {
    this.offset = toSafeNumber(message.offset, 'offset');
    this.key = message.key;
    this.value = message.value;
    this.timestamp = toSafeNumber(message.timestamp, 'timestamp');
    this.#raw = message.headers;
  }

  get headers(): Record<string, string> {
    this.#text ??= this.#raw === undefined ? {} : headerText(this.#raw);
    return this.#text;
  }
}

/** Converts a kafkajs message into the port's `ConsumedMessage`. */
export function toConsumedMessage(message: KafkaMessage): ConsumedMessage {
  return new KafkajsMessage(message);
}

/** Header values as UTF-8 text; of a repeated header, the last value wins (as Java's `lastHeader`). */
function headerText(headers: IHeaders): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) text[name] = last.toString();
  }
  return text;
}
