import { transactionWithClient, type Database } from '@dealflow/db';
import { holdLiveFeed } from '@dealflow/read-models';
import type { Kysely } from 'kysely';
import { applyEvents, type Applied, type ApplyTarget } from './apply-events.js';
import { recordApplySpans } from './apply-spans.js';
import { advanceCheckpoints, lockCheckpoints } from './checkpoint.js';
import { recordKey, type PositionedRecord } from './positioned-record.js';

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
  /**
   * Apply only while `version` is the live one (`holdLiveFeed`, the transaction's first
   * statement): after a switch, nothing lands in the retired version.
   */
  whileLive?: boolean;
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
  /** Leads whose events of this chunk were folded. */
  leads: number;
  /** The checkpoint after the commit: the next offset to consume. */
  nextOffset: number;
  /** Timestamp (ms) of the chunk's last record, when it applied anything. */
  lastTimestamp: number | undefined;
}

/** What became of a chunk: applied (in one transaction), or refused because it starts too late. */
export type ChunkResult =
  | { kind: 'applied'; report: ChunkReport }
  /** The records start after the checkpoint (a fetch raced a seek): seek to `nextOffset`. */
  | { kind: 'behind'; nextOffset: number }
  /** `whileLive`, and another version is live now (or none): nothing was applied. */
  | { kind: 'switched'; live: number | undefined };

/** One partition's chunk: its records in offset order, and where a gap may be accepted. */
export interface ChunkPart {
  stream: string;
  partition: number;
  records: readonly PositionedRecord[];
  /**
   * Records normally start exactly at the checkpoint; when they start later the chunk is refused
   * (`behind`) so the caller seeks back. After that seek, a chunk that still starts later at the
   * same checkpoint is accepted: those offsets no longer exist (retention, transaction markers,
   * rolled-back positions).
   */
  acceptGapAt?: number | undefined;
}

/**
 * Applies one chunk of a stream partition's records (offset order) to the read models in ONE
 * Postgres transaction (see `applyChunks`). The stream may be a Kafka topic or the events table.
 */
export async function applyChunk(
  target: ProjectionTarget,
  where: { stream: string; partition: number },
  records: readonly PositionedRecord[],
  acceptGapAt?: number,
): Promise<ChunkResult> {
  const [result] = await applyChunks(target, [{ ...where, records, acceptGapAt }]);
  if (result === undefined) throw new Error('applyChunks answered no chunk');
  return result;
}

/**
 * Applies the chunks of several partitions of one stream (at most one each) in ONE Postgres
 * transaction: lock
 * every partition's checkpoint (in partition order, so two members never deadlock), drop each
 * chunk's records below its checkpoint (so a redelivery or a zombie can never apply twice),
 * pass over what ops discarded, apply the rest together (`applyEvents`: a lead lives in one
 * partition, so its order holds), move every checkpoint forward, commit. A crash anywhere
 * leaves the read models as if the chunks had never been seen. Answers per chunk, in the
 * order given; a chunk that starts too late is refused (`behind`) without holding back the
 * others.
 */
export async function applyChunks(
  target: ProjectionTarget,
  parts: readonly ChunkPart[],
): Promise<ChunkResult[]> {
  const stream = parts[0]?.stream;
  if (stream === undefined) return [];
  if (parts.some((p) => p.stream !== stream)) throw new Error('applyChunks takes one stream');
  const started = Date.now();
  let traced: (() => void) | undefined;
  const results = await transactionWithClient(
    target.db,
    async (trx, client): Promise<ChunkResult[]> => {
      if (target.whileLive === true) {
        const live = await holdLiveFeed(trx);
        if (live !== target.version) return parts.map(() => ({ kind: 'switched', live }));
      }
      const answers = new Map<ChunkPart, ChunkResult>();
      const applying: { part: ChunkPart; fresh: number; kept: PositionedRecord[] }[] = [];
      const { skip, replay } = target;
      const partitions = parts.map((p) => p.partition);
      const locked = await lockCheckpoints(trx, target.projection, stream, partitions);
      for (const part of parts) {
        const next = locked.get(part.partition) ?? 0;
        const fresh = part.records.filter((r) => r.offset >= next);
        const first = fresh[0];
        if (first === undefined) {
          answers.set(part, { kind: 'applied', report: emptyReport(part.records.length, next) });
        } else if (first.offset > next && part.acceptGapAt !== next) {
          answers.set(part, { kind: 'behind', nextOffset: next });
        } else {
          const kept =
            skip === undefined || skip.size === 0
              ? fresh
              : fresh.filter((r) => !skip.has(recordKey(r.stream, r.partition, r.offset)));
          applying.push({ part, fresh: fresh.length, kept });
        }
      }
      if (applying.length === 0) return parts.map((part) => answerOf(answers, part));

      const records = applying.flatMap((a) => a.kept);
      const applied = await applyEvents(trx, target, { records }, client);
      const split = splitByPartition(applied);
      const next = new Map<number, number>();
      for (const { part } of applying) {
        const last = part.records.at(-1);
        if (last !== undefined) next.set(part.partition, last.offset + 1);
      }
      await advanceCheckpoints(trx, target.projection, stream, next);
      for (const { part, fresh, kept } of applying) {
        const last = part.records.at(-1);
        if (last === undefined) continue;
        const mine = split.get(part.partition) ?? emptyCounts();
        answers.set(part, {
          kind: 'applied',
          report: {
            ...mine,
            records: part.records.length,
            stale: part.records.length - fresh,
            skipped: fresh - kept.length,
            parkedForReplay:
              replay === undefined
                ? 0
                : applied.parked.filter(
                    ({ record: r }) =>
                      r.partition === part.partition &&
                      replay.records.has(recordKey(r.stream, r.partition, r.offset)),
                  ).length,
            nextOffset: last.offset + 1,
            lastTimestamp: last.timestamp,
          },
        });
      }
      if (target.building !== true) {
        traced = () => recordApplySpans(started, applied.events, applied.sources, applied.outcomes);
      }
      return parts.map((part) => answerOf(answers, part));
    },
  );
  traced?.(); // only once committed
  return results;
}

function answerOf(answers: ReadonlyMap<ChunkPart, ChunkResult>, part: ChunkPart): ChunkResult {
  const answer = answers.get(part);
  if (answer === undefined) throw new Error(`no answer for partition ${part.partition}`);
  return answer;
}

type Counts = Pick<
  ChunkReport,
  'applied' | 'duplicates' | 'parked' | 'unknownTypes' | 'parkCodes' | 'leads'
>;

function emptyCounts(): Counts {
  return { applied: 0, duplicates: 0, parked: 0, unknownTypes: 0, parkCodes: {}, leads: 0 };
}

/** The counts of what one transaction applied, per partition of the records they came from. */
function splitByPartition(applied: Applied): Map<number, Counts> {
  const counts = new Map<number, Counts>();
  const leads = new Map<number, Set<string>>();
  const of = (partition: number): Counts => {
    let c = counts.get(partition);
    if (c === undefined) counts.set(partition, (c = emptyCounts()));
    return c;
  };
  applied.outcomes.forEach((outcome, i) => {
    const source = applied.sources[i];
    const event = applied.events[i];
    if (source === undefined || typeof source === 'number') return;
    const c = of(source.partition);
    if (outcome.kind === 'applied') c.applied += 1;
    if (outcome.kind === 'duplicate') c.duplicates += 1;
    if (event !== undefined) {
      let set = leads.get(source.partition);
      if (set === undefined) leads.set(source.partition, (set = new Set()));
      set.add(event.leadId);
    }
  });
  for (const { record, code } of applied.parked) {
    const c = of(record.partition);
    c.parked += 1;
    if (code === 'unknown_type') c.unknownTypes += 1;
    c.parkCodes[code] = (c.parkCodes[code] ?? 0) + 1;
  }
  for (const [partition, set] of leads) of(partition).leads = set.size;
  return counts;
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
    nextOffset,
    lastTimestamp: undefined,
  };
}
