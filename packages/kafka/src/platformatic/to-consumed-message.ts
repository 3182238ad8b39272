import type { Message } from '@platformatic/kafka';
import type { ConsumedMessage } from '../port.js';
import { bigintToSafeNumber } from './bigint-to-safe-number.js';

/**
 * A consumed `@platformatic/kafka` message. Headers are decoded to text on first read (the
 * projector reads them only for a record it cannot apply); a repeated header keeps its last value.
 */
class PlatformaticMessage implements ConsumedMessage {
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  #raw: Map<Buffer, Buffer>;
  #text: Record<string, string> | undefined;

  constructor(message: Message) {
    this.offset = bigintToSafeNumber(message.offset, 'offset');
    this.key = message.key ?? null;
    this.value = message.value ?? null;
    this.timestamp = bigintToSafeNumber(message.timestamp, 'timestamp');
    this.#raw = message.headers;
  }

  get headers(): Record<string, string> {
    if (this.#text === undefined) {
      const text: Record<string, string> = {};
      for (const [name, value] of this.#raw) text[name.toString()] = value.toString();
      this.#text = text;
    }
    return this.#text;
  }
}

/** Converts a `@platformatic/kafka` message into the port's `ConsumedMessage`. */
export function toConsumedMessage(message: Message): ConsumedMessage {
  return new PlatformaticMessage(message);
}
