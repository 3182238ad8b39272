import { decodeEvent, type DecodeResult } from '@dealflow/events';
import type { ConsumedBatch, ConsumedMessage } from './port.js';

/** One consumed record, read as a lead event or as the reason it is not one. */
export interface DecodedMessage {
  offset: number;
  result: DecodeResult;
  raw: ConsumedMessage;
}

/**
 * Decodes every record of a batch, in offset order. Never throws: a malformed record comes back
 * with `result.ok === false` (and its raw bytes), for the consumer to park or count and move on.
 */
export function decodeBatch(batch: ConsumedBatch): DecodedMessage[] {
  return batch.messages.map((raw) => ({
    offset: raw.offset,
    result: decodeEvent(raw),
    raw,
  }));
}
