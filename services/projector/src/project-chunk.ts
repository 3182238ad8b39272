import { transactionWithClient, type Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import { decodeBatch, type ConsumedBatch, type ConsumedMessage } from '@dealflow/kafka';
import {
  applyFunnelBatch,
  applyLeadListBatch,
  foldFunnel,
  type FoldOutcome,
} from '@dealflow/read-models';
import type { Kysely } from 'kysely';
import { recordApplySpans } from './apply-spans.js';
import { advanceCheckpoint, lockCheckpoint } from './checkpoint.js';
import { loadLeads } from './load-leads.js';
import { parkRecords, type ParkedRecord } from './park-records.js';
import { markRetried } from './parked/mark-retried.js';
import { findParkedLeads } from './parked-leads.js';
import { inVersionOrder, unparkReplayLeads, type ReplayRetried } from './replay-retried.js';
import { triageBatch } from './triage-batch.js';

/** The read-model version a projector writes, and what it needs to fold. */
export interface ProjectionTarget {
  db: Kysely<Database>;
  version: number;
  /** Checkpoint name of the version (`projectionName(version)`). */
  projection: string;
  pipelines: PipelineCatalog;
  /**
   * Records to pass over (`recordKey`): those ops discarded as dead letters in the live version,
   * so a rebuild from the topic reproduces that decision instead of stopping at them.
   */
  skip?: ReadonlySet<string>;
  /** A version being built: its daily tables may be deferred (`deferDailyTables`). */
  building?: boolean;
  /**
   * A rebuild's records that ops retried in the live version: they may park here too, and
   * their lead's parked events fold again, in version order, with its next records (as the
   * retry applied them).
   */
  replay?: ReplayRetried;
}

/** The key of a record in {@link ProjectionTarget.skip}: `topic/partition@offset`. */
export const recordKey = (topic: string, partition: number, offset: number): string =>
  `${topic}/${partition}@${offset}`;

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

const unique = (ids: Iterable<string | null>): string[] =>
  [...new Set(ids)].filter((id): id is string => id !== null);

/**
 * The fold's parked events as records to park (outcomes, events and sources share indexes); a
 * source that is a parked row's id is parked already.
 */
function foldParks(
  outcomes: readonly FoldOutcome[],
  events: readonly LeadEvent[],
  sources: readonly (ConsumedMessage | number)[],
): ParkedRecord[] {
  const parked: ParkedRecord[] = [];
  outcomes.forEach((outcome, i) => {
    const message = sources[i];
    if (outcome.kind !== 'parked' || message === undefined || typeof message === 'number') return;
    const leadId = events[i]?.leadId ?? null;
    parked.push({ message, leadId, code: outcome.code, error: outcome.message });
  });
  return parked;
}

function countCodes(parked: readonly ParkedRecord[]): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const p of parked) codes[p.code] = (codes[p.code] ?? 0) + 1;
  return codes;
}

/**
 * Applies one chunk of a partition's records to the read models in ONE Postgres transaction:
 * lock the partition's checkpoint, drop every record below it (so a redelivery or a zombie can
 * never apply twice), decode, load the leads, fold, write leads and counter deltas, park what
 * cannot be applied, move the checkpoint forward, commit. A crash anywhere leaves the read
 * models as if the chunk had never been seen.
 *
 * `acceptGapAt`: records normally start exactly at the checkpoint; when they start later the
 * chunk is refused (`behind`) so the caller seeks back. After that seek, a chunk that still
 * starts later at the same checkpoint is accepted: those offsets no longer exist (retention,
 * transaction markers).
 */
export async function projectChunk(
  target: ProjectionTarget,
  batch: ConsumedBatch,
  messages: readonly ConsumedMessage[],
  acceptGapAt?: number,
): Promise<ChunkResult> {
  const key = { projection: target.projection, topic: batch.topic, partition: batch.partition };
  const { version } = target;
  const started = Date.now();
  let traced: (() => void) | undefined;
  const result = await transactionWithClient(
    target.db,
    async (trx, client): Promise<ChunkResult> => {
      const next = await lockCheckpoint(trx, key);
      const fresh = messages.filter((m) => m.offset >= next);
      const first = fresh[0];
      const last = fresh.at(-1);
      if (first === undefined || last === undefined) {
        return { kind: 'applied', report: emptyReport(messages.length, next) };
      }
      if (first.offset > next && acceptGapAt !== next) return { kind: 'behind', nextOffset: next };

      const { skip } = target;
      const kept =
        skip === undefined || skip.size === 0
          ? fresh
          : fresh.filter((m) => !skip.has(recordKey(batch.topic, batch.partition, m.offset)));
      const decoded = decodeBatch({ ...batch, messages: kept });
      const batchLeads = unique(
        decoded.map((d) =>
          d.result.ok ? d.result.event.leadId : (d.raw.key?.toString('utf8') ?? null),
        ),
      );
      const parkedLeads = await findParkedLeads(trx, version, batchLeads);
      const { replay } = target;
      const back = replay && (await unparkReplayLeads(trx, version, parkedLeads, replay));
      const triaged = triageBatch(decoded, back?.waiting ?? parkedLeads);
      const items =
        replay &&
        inVersionOrder(triaged.events, triaged.sources, back?.unparked ?? [], replay.leads);
      const events = items?.map((item) => item.event) ?? triaged.events;
      const sources = items?.map((item) => item.source) ?? triaged.sources;
      const leads = await loadLeads(trx, version, unique(events.map((e) => e.leadId)));
      const folded = foldFunnel({ pipelines: target.pipelines, leads, events });
      const parked = [...triaged.parked, ...foldParks(folded.outcomes, events, sources)].sort(
        (a, b) => a.message.offset - b.message.offset,
      );
      await applyFunnelBatch(trx, version, folded, {
        deferrable: target.building === true,
        ...(client !== undefined && { copyClient: client }),
      });
      await applyLeadListBatch(trx, version, { stored: leads, events, folded });
      await parkRecords(trx, version, batch, parked);
      const unparked = sources.filter((src, i): src is number => {
        return typeof src === 'number' && folded.outcomes[i]?.kind !== 'parked';
      });
      // Parked rows that applied with this chunk: retried, as ops did live.
      await markRetried(trx, version, unparked);
      await advanceCheckpoint(trx, key, last.offset + 1);

      const applied = folded.outcomes.filter((o) => o.kind === 'applied').length;
      if (target.building !== true) {
        traced = () => recordApplySpans(started, events, sources, folded.outcomes);
      }
      return {
        kind: 'applied',
        report: {
          records: messages.length,
          stale: messages.length - fresh.length,
          skipped: fresh.length - kept.length,
          applied,
          duplicates: folded.outcomes.filter((o) => o.kind === 'duplicate').length,
          parked: parked.length,
          parkedForReplay:
            replay === undefined
              ? 0
              : parked.filter((p) =>
                  replay.records.has(recordKey(batch.topic, batch.partition, p.message.offset)),
                ).length,
          unknownTypes: triaged.unknownTypes,
          parkCodes: countCodes(parked),
          leads: folded.leads.length,
          deltas: folded.deltas.length,
          nextOffset: last.offset + 1,
          lastTimestamp: last.timestamp,
        },
      };
    },
  );
  traced?.(); // only once committed
  return result;
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
