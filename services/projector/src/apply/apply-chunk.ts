import { transactionWithClient, type Database } from '@dealflow/db';
import type { Kysely } from 'kysely';
import { applyEvents, type Applied, type ApplyTarget } from './apply-events.js';
import { recordApplySpans } from './apply-spans.js';
import { advanceCheckpoint, lockCheckpoint } from './checkpoint.js';
import { recordKey, type ParkedRecord, type PositionedRecord } from './positioned-record.js';

/** The read-model version a projector writes, where its checkpoints are, what it passes over. */
export interface ProjectionTarget extends ApplyTarget {
  db: Kysely<Database>;
  /** Checkpoint name of the version (`projectionName(version)`). */
  projection: string;
  /**
   * Records to pass over (`recordKey`): those ops discarded as dead letters in the live version,
   * so a rebuild from the topic reproduces that decision instead of stopping at them.
   */
  skip?: ReadonlySet<string>;
}

/** Counts of one applied chunk, for logs and metrics. */
export interface ChunkReport {
  records: number;
  /** Records below the stored checkpoint: applied before (redelivery, zombie, late seek). */
  stale: number;
  /** Records passed over because ops discarded them (`ProjectionTarget.skip`). */
  skipped: number;
  applied: number;
  duplicates: number;
  parked: number;
  /** Of `parked`, records ops retried in the live version (`ProjectionTarget.replay`). */
  parkedForReplay: number;
  unknownTypes: number;
  /** Parked records by code (`gap`, `invalid_json`, …). */
  parkCodes: Record<string, number>;
  leads: number;
  deltas: number;
  /** The checkpoint after the commit: the next offset to consume. */
  nextOffset: number;
  /** Timestamp (ms) of the chunk's last record, when it applied anything. */
  lastTimestamp: number | undefined;
}

/** What became of a chunk: applied (in one transaction), or refused because it starts too late. */
export type ChunkResult =
  | { kind: 'applied'; report: ChunkReport }
  /** The records start after the checkpoint (a fetch raced a seek): seek to `nextOffset`. */
  | { kind: 'behind'; nextOffset: number };

function countCodes(parked: readonly ParkedRecord[]): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const p of parked) codes[p.code] = (codes[p.code] ?? 0) + 1;
  return codes;
}

/**
 * Applies one chunk of a stream partition's records (offset order) to the read models in ONE
 * Postgres transaction: lock the partition's checkpoint, drop every record below it (so a
 * redelivery or a zombie can never apply twice), pass over what ops discarded, apply the rest
 * (`applyEvents`), move the checkpoint forward, commit. A crash anywhere leaves the read models
 * as if the chunk had never been seen. The stream may be a Kafka topic or the events table.
 *
 * `acceptGapAt`: records normally start exactly at the checkpoint; when they start later the
 * chunk is refused (`behind`) so the caller seeks back. After that seek, a chunk that still
 * starts later at the same checkpoint is accepted: those offsets no longer exist (retention,
 * transaction markers, rolled-back positions).
 */
export async function applyChunk(
  target: ProjectionTarget,
  where: { stream: string; partition: number },
  records: readonly PositionedRecord[],
  acceptGapAt?: number,
): Promise<ChunkResult> {
  const key = { projection: target.projection, topic: where.stream, partition: where.partition };
  const started = Date.now();
  let traced: (() => void) | undefined;
  const result = await transactionWithClient(
    target.db,
    async (trx, client): Promise<ChunkResult> => {
      const next = await lockCheckpoint(trx, key);
      const fresh = records.filter((r) => r.offset >= next);
      const first = fresh[0];
      const last = fresh.at(-1);
      if (first === undefined || last === undefined) {
        return { kind: 'applied', report: emptyReport(records.length, next) };
      }
      if (first.offset > next && acceptGapAt !== next) return { kind: 'behind', nextOffset: next };

      const { skip, replay } = target;
      const kept =
        skip === undefined || skip.size === 0
          ? fresh
          : fresh.filter((r) => !skip.has(recordKey(r.stream, r.partition, r.offset)));
      const applied = await applyEvents(trx, target, { records: kept }, client);
      await advanceCheckpoint(trx, key, last.offset + 1);
      if (target.building !== true) {
        traced = () => recordApplySpans(started, applied.events, applied.sources, applied.outcomes);
      }
      return {
        kind: 'applied',
        report: {
          ...counts(applied),
          records: records.length,
          stale: records.length - fresh.length,
          skipped: fresh.length - kept.length,
          parkedForReplay:
            replay === undefined
              ? 0
              : applied.parked.filter(({ record: r }) =>
                  replay.records.has(recordKey(r.stream, r.partition, r.offset)),
                ).length,
          nextOffset: last.offset + 1,
          lastTimestamp: last.timestamp,
        },
      };
    },
  );
  traced?.(); // only once committed
  return result;
}

function counts(applied: Applied) {
  return {
    applied: applied.outcomes.filter((o) => o.kind === 'applied').length,
    duplicates: applied.outcomes.filter((o) => o.kind === 'duplicate').length,
    parked: applied.parked.length,
    unknownTypes: applied.unknownTypes,
    parkCodes: countCodes(applied.parked),
    leads: applied.leads,
    deltas: applied.deltas,
  };
}

function emptyReport(records: number, nextOffset: number): ChunkReport {
  return {
    records,
    stale: records,
    skipped: 0,
    applied: 0,
    duplicates: 0,
    parked: 0,
    parkedForReplay: 0,
    unknownTypes: 0,
    parkCodes: {},
    leads: 0,
    deltas: 0,
    nextOffset,
    lastTimestamp: undefined,
  };
}
