import { loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import { createTestDatabase, leadEvent, type TestDatabase } from '@dealflow/testkit';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyFunnelBatch } from '../funnel/apply.js';
import { foldFunnel } from '../funnel/fold.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { bucketRangeScan, readWithoutIndexes } from '../testing/read-without-indexes.js';
import { ensureLiveVersion } from '../versions.js';
import { valuesAt } from './bucket-values.js';
import { DEAL_BUCKET_INDEXES } from './deal-bucket-indexes.js';
import { metricScope } from './metric-scope.js';
import { bucketRange, valueBucket } from './value-buckets.js';

/**
 * 240 leads created a day apart at noon, each won within minutes at its own amount of one
 * bucket; every fourth win is taken back by a reopening and won again at another amount of the
 * bucket the same day. A month's window holds 30 of them, and the amount at a rank among those
 * is read from the window's range of a deal-bucket index or from the amount index.
 */
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1, 12);
const NOW = Date.UTC(2026, 0, 1);
const BUCKET = valueBucket(1_000_000);
const { from: LOW, to: HIGH } = bucketRange(BUCKET);
const amountOf = (j: number) => LOW + ((j * 7919) % (HIGH - LOW));
/** The amount lead `i` is won at in the end. */
const finalOf = (i: number) => (i % 4 === 0 ? amountOf(i + 240) : amountOf(i));

let tdb: TestDatabase;
let schema: string;

beforeAll(async () => {
  tdb = await createTestDatabase('read_models_deal_bucket_indexes');
  schema = readModelSchemaName(await ensureLiveVersion(tdb.db));
  const events: LeadEvent[] = [];
  for (let i = 0; i < 240; i++) {
    const id = `deal-${String(i).padStart(3, '0')}`;
    const created = new Date(START + i * DAY);
    const money = (value: number) => ({ value, currency: 'EUR' });
    // leadEvent puts version v at base + v minutes: every event of the lead on its day.
    const won = (version: number, value: number) =>
      leadEvent(id, version, 'DealWon', { amount: money(value), fromStage: 'qualify' }, created);
    events.push(
      leadEvent(id, 1, 'LeadCreated', { name: id, amount: money(1), stage: 'qualify' }, created),
      won(2, amountOf(i)),
    );
    if (i % 4 === 0) {
      events.push(
        leadEvent(id, 3, 'DealReopened', { fromStage: 'won', toStage: 'qualify' }, created),
        won(4, amountOf(i + 240)),
      );
    }
  }
  const folded = foldFunnel({ pipelines: loadPipelines(), leads: new Map(), events });
  expect(folded.outcomes.filter((o) => o.kind === 'parked')).toEqual([]);
  await applyFunnelBatch(tdb.db, 1, folded);
  // As autovacuum would: the planner weighs the bucket indexes by the times' spread.
  await sql`ANALYZE ${sql.id(schema, 'metric_events')}`.execute(tdb.db);
});
afterAll(() => tdb?.drop());

/** The final amounts of leads `first`…`first + 29` (created and won on those days), ascending. */
const windowOf = (first: number) =>
  Array.from({ length: 30 }, (_, k) => finalOf(first + k)).sort((a, b) => a - b);

const WINDOWS = [
  { name: 'cohort', window: 'cohort' as const, first: 60, index: DEAL_BUCKET_INDEXES.created },
  {
    name: 'activity',
    window: 'activity' as const,
    first: 100,
    index: DEAL_BUCKET_INDEXES.occurred,
  },
];

const scopeOf = (window: 'cohort' | 'activity', first: number) =>
  metricScope(
    {
      pipelineId: 'default',
      window,
      from: new Date(Date.UTC(2025, 0, 1) + first * DAY),
      to: new Date(Date.UTC(2025, 0, 1) + (first + 30) * DAY),
    },
    NOW,
  );

const OFFSETS = [0, 1, 14, 15, 28, 29];

async function read<DB>(db: Kysely<DB>, window: 'cohort' | 'activity', first: number) {
  const got = await valuesAt(
    db,
    schema,
    scopeOf(window, first),
    'amount',
    'EUR',
    BUCKET,
    OFFSETS,
    30,
  );
  return OFFSETS.map((k) => got.get(k));
}

it('holds distinct amounts of one bucket, some taken back in the window', () => {
  const all = Array.from({ length: 480 }, (_, j) => amountOf(j));
  expect(new Set(all).size).toBe(480);
  expect(all.every((a) => valueBucket(a) === BUCKET)).toBe(true);
});

it.each(WINDOWS)('reads the ranks of a $name window as the planner chooses', async (w) => {
  expect(await read(tdb.db, w.window, w.first)).toEqual(OFFSETS.map((k) => windowOf(w.first)[k]));
});

it.each(WINDOWS)(
  'reads the ranks of a $name window as one range of its deal-bucket index',
  async (w) => {
    // Every other path to these rows gone: the read has the window's bucket range or a scan.
    const { result, plan } = await readWithoutIndexes(
      tdb.pool,
      schema,
      [
        'metric_events_won_amount',
        'metric_events_won_cover',
        'metric_events_won_occurred',
        'metric_events_created',
        'metric_events_occurred_cover',
      ],
      (trx) => read(trx, w.window, w.first),
      'abs(won_amount) AS value',
    );
    expect(result).toEqual(OFFSETS.map((k) => windowOf(w.first)[k]));
    // The index is entered at the bucket and the window's first instant, not walked.
    expect(plan).toMatch(
      bucketRangeScan(w.index, w.window === 'cohort' ? 'created_at' : 'occurred_at'),
    );
  },
);
