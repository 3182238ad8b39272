import { IsoTimestamp } from '@dealflow/events';
import type { Decision } from './decision.js';
import { reject } from './reject.js';

/** The first instant the event store can hold: ISO 8601 year 0000 is no year of a timestamp. */
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');

const instant = (iso: string): number | undefined =>
  IsoTimestamp.safeParse(iso).success ? Date.parse(iso) : undefined;

/**
 * The business time of a command's event, as a canonical ISO string (UTC, milliseconds).
 *
 * - `occurredAt` may be in the past (imports), but not before year 1 (`validation_error`), nor
 *   before the lead's previous event (`invalid_transition`), nor more than `maxClockSkewMs`
 *   after `now` (`validation_error`).
 * - Without `occurredAt` it is `now` — or the previous event's time if that is later (a slightly
 *   future-dated previous event or another instance's clock), so the stream stays in order
 *   without rejecting a client that named no time.
 */
export function resolveOccurredAt(
  command: { occurredAt?: string; now: string },
  previous: string | null,
  maxClockSkewMs: number,
): { ok: true; occurredAt: string } | (Decision & { ok: false }) {
  const now = instant(command.now);
  if (now === undefined) {
    return reject('validation_error', 'now must be an ISO 8601 UTC timestamp', 'now');
  }
  const after = previous === null ? Number.NEGATIVE_INFINITY : Date.parse(previous);
  if (command.occurredAt === undefined) {
    return { ok: true, occurredAt: new Date(Math.max(now, after)).toISOString() };
  }
  const at = instant(command.occurredAt);
  if (at === undefined) {
    return reject('validation_error', 'occurredAt must be an ISO 8601 UTC timestamp', 'occurredAt');
  }
  if (at < EARLIEST) {
    const detail = `occurredAt ${command.occurredAt} is before 0001-01-01T00:00:00Z`;
    return reject('validation_error', detail, 'occurredAt');
  }
  if (at > now + maxClockSkewMs) {
    const detail = `occurredAt ${command.occurredAt} is more than ${maxClockSkewMs} ms after now (${command.now})`;
    return reject('validation_error', detail, 'occurredAt');
  }
  if (at < after) {
    const detail = `occurredAt ${command.occurredAt} is before the lead's previous event (${previous})`;
    return reject('invalid_transition', detail, 'occurredAt');
  }
  return { ok: true, occurredAt: new Date(at).toISOString() };
}
