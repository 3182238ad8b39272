import { loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import { createTestDatabase, leadEvent, type TestDatabase } from '@dealflow/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyFunnelBatch } from '../funnel/apply.js';
import { foldFunnel } from '../funnel/fold.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { ensureLiveVersion } from '../versions.js';
import { valuesAt, valuesAtMany } from './bucket-values.js';
import { metricScope } from './metric-scope.js';
import { bucketRange, valueBucket } from './value-buckets.js';

/**
 * One value bucket holding 300 won deals, a third of them taken back by a reopening and half of
 * those won again at another amount of the bucket: the value at a rank is read from the index in
 * amount order, and ranks far apart or kept back by takebacks need the bucket read past its
 * first rows.
 */
const BUCKET = valueBucket(500_000);
const { from: LOW, to: HIGH } = bucketRange(BUCKET);
const amountOf = (i: number) => LOW + ((i * 37) % (HIGH - LOW));

const VISIT_BUCKET = valueBucket(10_000_000);
const { from: VISIT_LOW, to: VISIT_HIGH } = bucketRange(VISIT_BUCKET);
/** The durations of the visits of qualify in that bucket, ascending. */
const visits: number[] = [];

const EDGE_BUCKET = valueBucket(2_000_000);
const EDGE_VALUES = [10, 20, 30, 40, 50].map((d) => bucketRange(EDGE_BUCKET).from + d);

let tdb: TestDatabase;
let schema: string;
/** The amounts won in the end, ascending: the value at rank k is `final[k]`. */
const final: number[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase('read_models_bucket_values');
  schema = readModelSchemaName(await ensureLiveVersion(tdb.db));
  const events: LeadEvent[] = [];
  for (let i = 0; i < 300; i++) {
    const id = `lead-${String(i).padStart(3, '0')}`;
    const base = new Date(Date.UTC(2025, 3, 1) + i * 3_600_000);
    const money = (value: number) => ({ value, currency: 'EUR' });
    const won = (version: number, value: number) =>
      leadEvent(id, version, 'DealWon', { amount: money(value), fromStage: 'qualify' }, base);
    events.push(
      leadEvent(id, 1, 'LeadCreated', { name: id, amount: money(1), stage: 'qualify' }, base),
      won(2, amountOf(i)),
    );
    if (i % 3 !== 0) {
      final.push(amountOf(i));
      continue;
    }
    events.push(leadEvent(id, 3, 'DealReopened', { fromStage: 'won', toStage: 'qualify' }, base));
    if (i % 6 === 0) {
      events.push(won(4, amountOf(i + 1)));
      final.push(amountOf(i + 1));
    }
  }
  final.sort((a, b) => a - b);
  // Visits of qualify, each a different duration of one bucket: created, then advanced to demo.
  for (let i = 0; i < 200; i++) {
    const id = `visit-${String(i).padStart(3, '0')}`;
    const created = Date.UTC(2025, 5, 1) + i * 3_600_000;
    const ms = VISIT_LOW + ((i * 7919) % (VISIT_HIGH - VISIT_LOW));
    visits.push(ms);
    events.push(
      leadEvent(
        id,
        1,
        'LeadCreated',
        { name: id, amount: { value: 1, currency: 'EUR' }, stage: 'qualify' },
        new Date(created),
      ),
      // leadEvent puts version v at base + v minutes: the visit lasts `ms` exactly.
      leadEvent(
        id,
        2,
        'StageAdvanced',
        { fromStage: 'qualify', toStage: 'demo' },
        new Date(created + ms - 60_000),
      ),
    );
  }
  visits.sort((a, b) => a - b);
  // Five deals of another bucket: the fourth won at +2 min and reopened at +3 min of 2025-07-01,
  // the others won an hour later.
  EDGE_VALUES.forEach((value, i) => {
    const id = `edge-${i}`;
    const base = new Date(Date.UTC(2025, 6, 1) + (i === 3 ? 0 : 3_600_000));
    const amount = { value, currency: 'EUR' };
    events.push(
      leadEvent(id, 1, 'LeadCreated', { name: id, amount, stage: 'qualify' }, base),
      leadEvent(id, 2, 'DealWon', { amount, fromStage: 'qualify' }, base),
    );
    if (i === 3) {
      events.push(leadEvent(id, 3, 'DealReopened', { fromStage: 'won', toStage: 'qualify' }, base));
    }
  });
  const folded = foldFunnel({ pipelines: loadPipelines(), leads: new Map(), events });
  expect(folded.outcomes.filter((o) => o.kind === 'parked')).toEqual([]);
  await applyFunnelBatch(tdb.db, 1, folded);
});
afterAll(() => tdb?.drop());

const scope = () => metricScope({ pipelineId: 'default' }, Date.UTC(2026, 0, 1));

it('reads the value at each rank of a bucket, wins taken back and won again included', async () => {
  expect(final.length).toBe(250);
  const offsets = [0, 1, 2, 63, 64, 65, 124, 125, 186, 248, 249];
  const got = await valuesAt(tdb.db, schema, scope(), 'amount', 'EUR', BUCKET, offsets);
  expect(offsets.map((k) => got.get(k))).toEqual(offsets.map((k) => final[k]));
});

it('reads ranks side by side and far apart alike, and refuses a rank the bucket lacks', async () => {
  for (const offsets of [[124], [124, 125], [3, 240], [249]]) {
    const got = await valuesAt(tdb.db, schema, scope(), 'amount', 'EUR', BUCKET, offsets);
    expect(offsets.map((k) => got.get(k))).toEqual(offsets.map((k) => final[k]));
  }
  await expect(
    valuesAt(tdb.db, schema, scope(), 'amount', 'EUR', BUCKET, [10, 250]),
  ).rejects.toThrow(/holds fewer deals than counted/);
});

it('reads visit ranks from the nearer end of their bucket, as from its start', async () => {
  const n = visits.length;
  for (const offsets of [[0], [5, 6], [n - 2, n - 1], [3, n - 4], [n - 1]]) {
    for (const count of [n, undefined]) {
      const got = await valuesAt(
        tdb.db,
        schema,
        scope(),
        'visit:qualify',
        undefined,
        VISIT_BUCKET,
        offsets,
        count,
      );
      expect(offsets.map((k) => got.get(k))).toEqual(offsets.map((k) => visits[k]));
    }
  }
});

it('reads deal ranks from the nearer end of their bucket, as from its start', async () => {
  const n = final.length;
  for (const offsets of [[0], [n - 1], [n - 2, n - 1], [200], [3, n - 4], [124, 125]]) {
    const got = await valuesAt(tdb.db, schema, scope(), 'amount', 'EUR', BUCKET, offsets, n);
    expect(offsets.map((k) => got.get(k))).toEqual(offsets.map((k) => final[k]));
  }
});

it('reads an activity window holding a taking back without its win from its start only', async () => {
  // The window opens between the fourth deal's win and its reopening: it holds the wins of the
  // other four and the fourth's taking back, −1 above the rank asked. The running count from
  // the start passes rank 2 at the third value; from the top it would pass at the fifth.
  const from = new Date(Date.UTC(2025, 6, 1) + 150_000);
  const window = metricScope(
    { pipelineId: 'default', window: 'activity', from },
    Date.UTC(2026, 0, 1),
  );
  const got = await valuesAt(tdb.db, schema, window, 'amount', 'EUR', EDGE_BUCKET, [2], 3);
  expect(got.get(2)).toBe(EDGE_VALUES[2]);
  // All time, every value nets to 0 or more: the same rank read from the top.
  const all = await valuesAt(tdb.db, schema, scope(), 'amount', 'EUR', EDGE_BUCKET, [2, 3], 4);
  expect([all.get(2), all.get(3)]).toEqual([EDGE_VALUES[2], EDGE_VALUES[4]]);
});

it('reads deals and visits of several buckets in one statement, each as alone', async () => {
  const n = final.length;
  const reads = [
    // far apart: past the first window, so read again whole
    { measure: 'amount' as const, currency: 'EUR', bucket: BUCKET, offsets: [3, 240] },
    {
      measure: 'visit:qualify' as const,
      currency: undefined,
      bucket: VISIT_BUCKET,
      offsets: [150, 151],
      count: visits.length,
    },
    {
      measure: 'amount' as const,
      currency: 'EUR',
      bucket: BUCKET,
      offsets: [n - 2, n - 1],
      count: n,
    },
    { measure: 'amount' as const, currency: 'EUR', bucket: EDGE_BUCKET, offsets: [2, 3], count: 4 },
    { measure: 'visit:qualify' as const, currency: undefined, bucket: VISIT_BUCKET, offsets: [0] },
  ];
  const together = await valuesAtMany(tdb.db, schema, scope(), reads);
  const alone = await Promise.all(
    reads.map((r) =>
      valuesAt(tdb.db, schema, scope(), r.measure, r.currency, r.bucket, r.offsets, r.count),
    ),
  );
  expect(together).toEqual(alone);
  expect(reads.map((r, i) => r.offsets.map((k) => together[i]?.get(k)))).toEqual([
    [final[3], final[240]],
    [visits[150], visits[151]],
    [final[n - 2], final[n - 1]],
    [EDGE_VALUES[2], EDGE_VALUES[4]],
    [visits[0]],
  ]);
  await expect(
    valuesAtMany(tdb.db, schema, scope(), [
      reads[1] as (typeof reads)[number],
      { measure: 'amount', currency: 'EUR', bucket: BUCKET, offsets: [n] },
    ]),
  ).rejects.toThrow(/bucket \d+ of amount holds fewer deals than counted/);
});
