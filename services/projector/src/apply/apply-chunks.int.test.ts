import type { LeadEvent } from '@dealflow/events';
import { projectionName } from '@dealflow/read-models';
import { leadEvent } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type ProjectorHarness } from '../testing/projector-harness.js';
import { recountFunnel } from '../testing/recount-funnel.js';
import { applyChunks, type ChunkPart } from './apply-chunk.js';
import type { PositionedRecord } from './positioned-record.js';

let harness: ProjectorHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const STREAM = 'leads-topic';

/** A partition's chunk of decoded records from `offset` on. */
function chunk(partition: number, offset: number, events: readonly LeadEvent[]): ChunkPart {
  const records: PositionedRecord[] = events.map((event, i) => ({
    stream: STREAM,
    partition,
    offset: offset + i,
    timestamp: Date.parse(event.occurredAt),
    result: { ok: true, event },
    raw: { key: Buffer.from(event.leadId), value: Buffer.from(JSON.stringify(event)), headers: {} },
  }));
  return { stream: STREAM, partition, records };
}

const lead = (id: string): LeadEvent[] => [
  leadEvent(id, 1, 'LeadCreated', {
    name: id,
    company: 'Acme',
    amount: { value: 1000, currency: 'EUR' },
    stage: 'qualify',
  }),
  leadEvent(id, 2, 'StageAdvanced', { fromStage: 'qualify', toStage: 'demo' }),
];

describe('applyChunks', () => {
  it('applies the chunks of several partitions in one transaction, refusing only the one that starts late', async () => {
    const h = (harness = await startHarness(1));
    const target = {
      db: h.db,
      version: h.version,
      projection: projectionName(h.version),
      pipelines: h.pipelines,
    };
    const [a, b, c] = [lead('lead-a'), lead('lead-b'), lead('lead-c')];
    if (a === undefined || b === undefined || c === undefined) throw new Error('no leads');
    const results = await applyChunks(target, [chunk(2, 0, c), chunk(0, 0, a), chunk(1, 5, b)]);
    expect(results.map((r) => r.kind)).toEqual(['applied', 'applied', 'behind']);
    expect(results[2]).toEqual({ kind: 'behind', nextOffset: 0 });
    const reports = results.flatMap((r) => (r.kind === 'applied' ? [r.report] : []));
    for (const report of reports) {
      expect(report).toMatchObject({ records: 2, applied: 2, stale: 0, leads: 1, nextOffset: 2 });
    }

    const { rows } = await sql<{ partition: number; next_offset: number; xmin: string }>`
      SELECT partition, next_offset, xmin::text AS xmin FROM projection_checkpoints
      WHERE projection = ${target.projection} AND topic = ${STREAM} ORDER BY partition`.execute(
      h.db,
    );
    expect(rows.map((r) => [r.partition, Number(r.next_offset)])).toEqual([
      [0, 2],
      [1, 0],
      [2, 2],
    ]);
    // Both checkpoints moved in the transaction that applied their records.
    expect(new Set(rows.filter((r) => r.partition !== 1).map((r) => r.xmin)).size).toBe(1);
    expect(await h.funnelRows()).toEqual(recountFunnel([...a, ...c], h.pipelines).rows);

    // Again, with a redelivery of partition 0 and partition 1 from its checkpoint: the first is
    // stale, the second applies, and nothing counts twice.
    const again = await applyChunks(target, [chunk(0, 0, a), chunk(1, 0, b)]);
    expect(again).toMatchObject([
      { kind: 'applied', report: { stale: 2, applied: 0 } },
      { kind: 'applied', report: { stale: 0, applied: 2, nextOffset: 2 } },
    ]);
    expect(await h.funnelRows()).toEqual(recountFunnel([...a, ...b, ...c], h.pipelines).rows);
  });

  it('applies nothing to a version that is no longer live, and names the live one', async () => {
    const h = (harness = await startHarness(1));
    const retired = {
      db: h.db,
      version: h.version + 1,
      projection: projectionName(h.version + 1),
      pipelines: h.pipelines,
      whileLive: true,
    };
    const [a] = [lead('lead-a')];
    if (a === undefined) throw new Error('no lead');
    const results = await applyChunks(retired, [chunk(0, 0, a), chunk(1, 0, a)]);
    expect(results).toEqual([
      { kind: 'switched', live: h.version },
      { kind: 'switched', live: h.version },
    ]);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM projection_checkpoints
      WHERE projection = ${retired.projection}`.execute(h.db);
    expect(rows[0]?.n).toBe(0);

    const live = { ...retired, version: h.version, projection: projectionName(h.version) };
    const applied = await applyChunks(live, [chunk(0, 0, a)]);
    expect(applied).toMatchObject([{ kind: 'applied', report: { applied: 2 } }]);
  });
});
