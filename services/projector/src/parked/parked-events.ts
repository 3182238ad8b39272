import type { Database } from '@dealflow/db';
import {
  copyDiscarded,
  listParkedRows,
  liveVersion,
  markDiscarded,
  parkedPositions,
  parkedRowById,
  type ParkedRow,
  type ParkedStatus,
} from '@dealflow/read-models';
import type { Kysely } from 'kysely';
import type { ReplayRetried } from '../apply/in-version-order.js';
import { recordKey } from '../apply/positioned-record.js';

export type { ParkedStatus };

/** A dead letter as the ops API and CLI show it: where it came from, why, and its bytes. */
export interface ParkedEvent {
  id: number;
  /** The read-model version it was parked in. */
  version: number;
  topic: string;
  partition: number;
  offset: number;
  leadId: string | null;
  /** `invalid_json`, `invalid_event`, `unknown_type`, `gap`, `blocked`, … */
  errorCode: string;
  error: string;
  status: ParkedStatus;
  parkedAt: string;
  resolvedAt: string | null;
  attempts: number;
  note: string | null;
  dlqPublishedAt: string | null;
  /** The record key as UTF-8 text (lead ids are text). */
  key: string | null;
  /** The original value, byte for byte. */
  valueBase64: string | null;
  /** The value as text when it is valid UTF-8, for reading at a glance. */
  valueText: string | null;
  headers: Record<string, string>;
}

type Row = ParkedRow;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function utf8OrNull(bytes: Buffer | null): string | null {
  if (bytes === null) return null;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

export function toParkedEvent(version: number, row: Row): ParkedEvent {
  return {
    id: Number(row.id),
    version,
    topic: row.topic,
    partition: row.partition,
    offset: Number(row.offset),
    leadId: row.lead_id,
    errorCode: row.error_code,
    error: row.error,
    status: row.status,
    parkedAt: row.parked_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    attempts: row.attempts,
    note: row.note,
    dlqPublishedAt: row.dlq_published_at?.toISOString() ?? null,
    key: row.key === null ? null : row.key.toString('utf8'),
    valueBase64: row.value === null ? null : row.value.toString('base64'),
    valueText: utf8OrNull(row.value),
    headers: row.headers,
  };
}

/** What {@link listParked} filters on; `afterId` pages (ids ascend). */
export interface ParkedFilter {
  status?: ParkedStatus | 'all';
  leadId?: string;
  errorCode?: string;
  afterId?: number;
  limit?: number;
}

/** One page of a version's dead letters, oldest first, and the id to continue after. */
export async function listParked(
  db: Kysely<Database>,
  version: number,
  filter: ParkedFilter = {},
): Promise<{ items: ParkedEvent[]; nextAfterId: number | null }> {
  const limit = filter.limit ?? 100;
  const rows = await listParkedRows(db, version, { ...filter, limit });
  const items = rows.slice(0, limit).map((r) => toParkedEvent(version, r));
  return { items, nextAfterId: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** One dead letter by id, or undefined. */
export async function getParked(
  db: Kysely<Database>,
  version: number,
  id: number,
): Promise<ParkedEvent | undefined> {
  const row = await parkedRowById(db, version, id);
  return row === undefined ? undefined : toParkedEvent(version, row);
}

/**
 * The records of `topic` that ops discarded in the live version, copied (bytes, error, note,
 * as discarded and already published) into the dead letters of the version being built, so the
 * decision outlives the switch; returns their `recordKey`s. A rebuild passes over them as the
 * live version did, instead of stopping at them.
 */
export async function inheritDiscards(
  db: Kysely<Database>,
  topic: string,
  building: number,
): Promise<Set<string>> {
  const live = await liveVersion(db);
  if (live === undefined || live === building) return new Set();
  await copyDiscarded(db, topic, live, building);
  const rows = await parkedPositions(db, building, topic, 'discarded');
  return new Set(rows.map((r) => recordKey(topic, r.partition, r.offset)));
}

/**
 * What ops retried in the live version on `topic` (dead letters that applied later, in version
 * order), for a rebuild of `building` to do the same (`ReplayRetried`). Nothing is copied: the
 * rebuild parks and applies those records itself.
 */
export async function inheritRetries(
  db: Kysely<Database>,
  topic: string,
  building: number,
): Promise<ReplayRetried> {
  const live = await liveVersion(db);
  if (live === undefined || live === building) return { records: new Set(), leads: new Set() };
  const rows = await parkedPositions(db, live, topic, 'retried');
  return {
    records: new Set(rows.map((r) => recordKey(topic, r.partition, r.offset))),
    leads: new Set(rows.flatMap((r) => (r.leadId === null ? [] : [r.leadId]))),
  };
}

/** No dead letter has this id in the version. */
export class ParkedNotFoundError extends Error {
  readonly code = 'parked_event_not_found';
  constructor(version: number, id: number) {
    super(`no parked event ${id} in read-model version ${version}`);
  }
}

/** The dead letter was already retried or discarded. */
export class NotParkedError extends Error {
  readonly code = 'not_parked';
  constructor(id: number, status: ParkedStatus) {
    super(`event ${id} is ${status}, not parked`);
  }
}

/** Only the live version's dead letters can be retried or discarded. */
export class NotLiveError extends Error {
  readonly code = 'version_not_live';
  constructor(version: number, live: number | undefined) {
    super(`read-model version ${version} is not live (live: ${live ?? 'none'})`);
  }
}

/**
 * Discards a dead letter for good (with the operator's note): it stays listed as `discarded`,
 * and its lead no longer waits behind it — the lead's other parked events (if any) still do,
 * until retried.
 */
export async function discardParked(
  db: Kysely<Database>,
  version: number,
  id: number,
  note: string | null,
): Promise<ParkedEvent> {
  return db.transaction().execute(async (trx) => {
    const row = await parkedRowById(trx, version, id, true);
    if (row === undefined) throw new ParkedNotFoundError(version, id);
    if (row.status !== 'parked') throw new NotParkedError(id, row.status);
    return toParkedEvent(version, await markDiscarded(trx, version, id, note));
  });
}
