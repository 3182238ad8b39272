import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import {
  applyFunnelBatch,
  applyLeadListBatch,
  findParkedLeads,
  foldFunnel,
  loadLeads,
  markRetried,
  parkEvents,
  type FoldOutcome,
  type ParkedRow,
} from '@dealflow/read-models';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import {
  inVersionOrder,
  unparkReplayLeads,
  type ReplayRetried,
  type Unparked,
} from './in-version-order.js';
import type { ParkedRecord, PositionedRecord } from './positioned-record.js';
import { openPersonalData } from './open-personal-data.js';
import { leadOf, triageRecords } from './triage-records.js';

/** The read-model version the apply step writes, and what it needs to fold. */
export interface ApplyTarget {
  version: number;
  pipelines: PipelineCatalog;
  /** A version being built: its daily tables may be deferred (`deferDailyTables`). */
  building?: boolean;
  /**
   * A rebuild's records that ops retried in the live version: they may park here too, and
   * their lead's parked events fold again, in version order, with its next records (as the
   * retry applied them).
   */
  replay?: ReplayRetried;
}

/** What to apply: a source's records in order, and parked events taken back (an ops retry). */
export interface ApplyInput {
  records: readonly PositionedRecord[];
  /** Folded in front of the records; each of their leads' events in version order. */
  takenBack?: readonly Unparked[];
}

/** What the apply step did. */
export interface Applied {
  /** The folded events, where each came from (a record, or a parked row's id), and outcomes. */
  events: LeadEvent[];
  sources: (PositionedRecord | number)[];
  outcomes: FoldOutcome[];
  /** Records parked now (unreadable, blocked behind their lead, or refused by the fold). */
  parked: ParkedRecord[];
  /** Parked rows taken back that applied (or were in already): marked retried. */
  retried: ParkedRow[];
  /** Parked rows taken back that still cannot apply, with the fold's reason. */
  stillParked: { id: number; code: string; error: string }[];
}

const unique = (ids: Iterable<string | null>): string[] =>
  [...new Set(ids)].filter((id): id is string => id !== null);

/**
 * The one way into the read models: folds decoded, positioned events into `target` inside the
 * caller's transaction, whatever their source (the live consumer, a rebuild from Kafka or the
 * events table, an ops retry). A record of a lead that waits behind a parked event is parked
 * too; the fold decides per lead version what applies (duplicates produce nothing); leads,
 * counters and metric rows are written set-based; what cannot apply is parked with its bytes;
 * parked rows taken back that applied are marked retried. Checkpoints are the caller's.
 */
export async function applyEvents(
  trx: Kysely<Database>,
  target: ApplyTarget,
  input: ApplyInput,
  copyClient?: pg.PoolClient,
): Promise<Applied> {
  const { version, replay } = target;
  const parkedLeads = await findParkedLeads(trx, version, unique(input.records.map(leadOf)));
  const back = replay && (await unparkReplayLeads(trx, version, parkedLeads, replay));
  const triaged = triageRecords(input.records, back?.waiting ?? parkedLeads);
  const takenBack = [...(input.takenBack ?? []), ...(back?.unparked ?? [])];
  const ordered = new Set([...(replay?.leads ?? []), ...takenBack.map((u) => u.event.leadId)]);
  const items =
    ordered.size === 0
      ? undefined
      : inVersionOrder(triaged.events, triaged.sources, takenBack, ordered);
  const chunk = {
    events: items?.map((item) => item.event) ?? triaged.events,
    sources: items?.map((item) => item.source) ?? triaged.sources,
  };
  const personal = await openPersonalData(trx, chunk.events);
  const keep = (_: unknown, i: number) => !personal.refused.has(i);
  const events = chunk.events.filter(keep);
  const sources = chunk.sources.filter(keep);
  const leads = await loadLeads(trx, version, unique(events.map((e) => e.leadId)));
  const folded = foldFunnel({ pipelines: target.pipelines, leads, events });
  await applyFunnelBatch(trx, version, folded, {
    deferrable: target.building === true,
    ...(copyClient !== undefined && { copyClient }),
  });
  await applyLeadListBatch(
    trx,
    version,
    { stored: leads, events, folded, personal: personal.cards },
    { deferrable: target.building === true },
  );

  const parked = [...triaged.parked];
  const backIds: number[] = [];
  const stillParked: Applied['stillParked'] = [];
  for (const [i, why] of personal.refused) {
    const source = chunk.sources[i];
    if (typeof source === 'number') {
      stillParked.push({ id: source, code: why.code, error: why.message });
    } else if (source !== undefined) {
      parked.push({ record: source, leadId: why.leadId, code: why.code, error: why.message });
    }
  }
  folded.outcomes.forEach((outcome, i) => {
    const source = sources[i];
    if (source === undefined) return;
    if (typeof source === 'number') {
      if (outcome.kind === 'parked') {
        stillParked.push({ id: source, code: outcome.code, error: outcome.message });
      } else backIds.push(source);
    } else if (outcome.kind === 'parked') {
      const leadId = events[i]?.leadId ?? null;
      parked.push({ record: source, leadId, code: outcome.code, error: outcome.message });
    }
  });
  parked.sort((a, b) => a.record.offset - b.record.offset);
  await parkEvents(
    trx,
    version,
    parked.map(({ record, leadId, code, error }) => ({
      topic: record.stream,
      partition: record.partition,
      offset: record.offset,
      leadId,
      code,
      error,
      key: record.raw.key,
      value: record.raw.value,
      headers: record.raw.headers,
    })),
  );
  return {
    events,
    sources,
    outcomes: folded.outcomes,
    parked,
    retried: await markRetried(trx, version, backIds),
    stillParked,
  };
}
