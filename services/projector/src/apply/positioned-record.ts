import type { Buffer } from 'node:buffer';
import type { DecodeResult } from '@dealflow/events';

/** A record's original bytes, kept to park it (its headers may be read lazily). */
export interface RawRecord {
  key: Buffer | null;
  value: Buffer | null;
  readonly headers: Record<string, string>;
}

/**
 * One record of a source, decoded (or why not) and positioned: its stream (a Kafka topic, or
 * the events table's replay stream), partition and offset, which its checkpoint counts in.
 * Every source — the live consumer, a rebuild from Kafka or from the events table — hands the
 * apply step these, nothing source-specific.
 */
export interface PositionedRecord {
  stream: string;
  partition: number;
  offset: number;
  /** When the source recorded it (ms), for lag figures. */
  timestamp: number;
  result: DecodeResult;
  raw: RawRecord;
}

/** A record the projection cannot apply, with why. */
export interface ParkedRecord {
  record: PositionedRecord;
  /** The lead it belongs to (the envelope's, else the record key), so its later events wait. */
  leadId: string | null;
  /** A decode error code (`invalid_json`, …) or a fold park code (`gap`, …). */
  code: string;
  error: string;
}

/** The key of a record in a set of positions: `stream/partition@offset`. */
export const recordKey = (stream: string, partition: number, offset: number): string =>
  `${stream}/${partition}@${offset}`;
