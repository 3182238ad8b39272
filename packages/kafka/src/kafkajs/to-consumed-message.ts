import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { ConsumedMessage } from '../port.js';
import { toSafeNumber } from './to-safe-number.js';

/** Converts a kafkajs message into the port's `ConsumedMessage`. */
export function toConsumedMessage(message: KafkaMessage): ConsumedMessage {
  return {
    offset: toSafeNumber(message.offset, 'offset'),
    key: message.key,
    value: message.value,
    headers: message.headers === undefined ? {} : headerText(message.headers),
    timestamp: toSafeNumber(message.timestamp, 'timestamp'),
  };
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
