import { loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import { createTestDatabase, leadEvent, type TestDatabase } from '@dealflow/testkit';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyFunnelBatch } from '../funnel/apply.js';
import { foldFunnel } from '../funnel/fold.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { bucketRangeScan, readWithoutIndexes } from '../testing/read-without-indexes.js';
import { tableScans } from '../testing/table-scans.js';
import { ensureLiveVersion } from '../versions.js';
import { valuesAt } from './bucket-values.js';
import { metricScope } from './metric-scope.js';
import { bucketRange, VALUE_BOUNDS, valueBucket } from './value-buckets.js';
import { VALUE_BUCKET_FUNCTION, VISIT_BUCKET_INDEXES } from './visit-bucket-indexes.js';

/**
 * 240 visits of qualify in one value bucket, one lead created a day at noon, each visit a
 * different duration: a month's window holds 30 of them, and the value at a rank among those
 * is read from the window's range of a visit-bucket index or from the visits index.
 */
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1, 12);
const NOW = Date.UTC(2026, 0, 1);
const BUCKET = valueBucket(10_000_000);
const { from: LOW, to: HIGH } = bucketRange(BUCKET);
const durationOf = (i: number) => LOW + ((i * 7919) % (HIGH - LOW));

let tdb: TestDatabase;
let schema: string;

beforeAll(async () => {
  tdb = await createTestDatabase('read_models_visit_bucket_indexes');
  schema = readModelSchemaName(await ensureLiveVersion(tdb.db));
  const events: LeadEvent[] = [];
  for (let i = 0; i < 240; i++) {
    const id = `visit-${String(i).padStart(3, '0')}`;
    const created = START + i * DAY;
    const amount = { value: 1, currency: 'EUR' };
    // leadEvent puts version v at base + v minutes: the visit lasts durationOf(i) exactly.
    events.push(
      leadEvent(id, 1, 'LeadCreated', { name: id, amount, stage: 'qualify' }, new Date(created)),
      leadEvent(
        id,
        2,
        'StageAdvanced',
        { fromStage: 'qualify', toStage: 'demo' },
        new Date(created + durationOf(i) - 60_000),
      ),
    );
  }
  const folded = foldFunnel({ pipelines: loadPipelines(), leads: new Map(), events });
  expect(folded.outcomes.filter((o) => o.kind === 'parked')).toEqual([]);
  await applyFunnelBatch(tdb.db, 1, folded);
  // As autovacuum would: the planner weighs the two bucket indexes by the times' spread.
  await sql`ANALYZE ${sql.id(schema, 'metric_events')}`.execute(tdb.db);
});
afterAll(() => tdb?.drop());

/** The durations of the visits of leads `first`…`first + 29` (created on those days), ascending. */
const windowOf = (first: number) =>
  Array.from({ length: 30 }, (_, k) => durationOf(first + k)).sort((a, b) => a - b);

const WINDOWS = [
  { name: 'cohort', window: 'cohort' as const, first: 60, index: VISIT_BUCKET_INDEXES.created },
  {
    name: 'activity',
    window: 'activity' as const,
    first: 100,
    index: VISIT_BUCKET_INDEXES.occurred,
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
    'visit:qualify',
    undefined,
    BUCKET,
    OFFSETS,
    30,
  );
  return OFFSETS.map((k) => got.get(k));
}

it('puts every value in the bucket the histograms do, at each bound and beside it', async () => {
  const values = VALUE_BOUNDS.filter((b) => b < 2 ** 52).flatMap((b) => [b - 1, b, b + 1]);
  const { rows } = await sql<{ bucket: number }>`
    SELECT ${sql.id(schema, VALUE_BUCKET_FUNCTION)}(v) AS bucket
    FROM unnest(${values}::bigint[]) WITH ORDINALITY AS u(v, i) ORDER BY i
  `.execute(tdb.db);
  expect(rows.map((r) => r.bucket)).toEqual(values.map(valueBucket));
});

it.each(WINDOWS)('reads the ranks of a $name window as the planner chooses', async (w) => {
  expect(await read(tdb.db, w.window, w.first)).toEqual(OFFSETS.map((k) => windowOf(w.first)[k]));
});

it.each(WINDOWS)(
  'reads the ranks of a $name window as one range of its visit-bucket index',
  async (w) => {
    // Every other path to these rows gone: the read has the window's bucket range or a scan.
    const { result, plan } = await readWithoutIndexes(
      tdb.pool,
      schema,
      [
        'metric_events_visits',
        'metric_events_visits_created',
        'metric_events_created',
        'metric_events_occurred_cover',
      ],
      (trx) => read(trx, w.window, w.first),
      'visit_ms AS value',
    );
    expect(result).toEqual(OFFSETS.map((k) => windowOf(w.first)[k]));
    // The index is entered at the bucket and the window's first instant, not walked.
    expect(plan).toMatch(
      bucketRangeScan(w.index, w.window === 'cohort' ? 'created_at' : 'occurred_at'),
    );
  },
);

/**
 * How often the visits statement of `read` entered a range of a visit-bucket index, and how
 * often it scanned `metric_events` any other way (`EXPLAIN ANALYZE`).
 */
async function scans(read: (db: Kysely<unknown>) => Promise<unknown>) {
  const statements: CompiledQuery[] = [];
  const logged = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: tdb.pool }),
    log: (e) => {
      if (e.level === 'query') statements.push(e.query);
    },
  });
  await read(logged);
  const sent = statements.find((s) => s.sql.includes('visit_ms AS value'));
  if (sent === undefined) throw new Error('no statement read the visits');
  const bucketIndexes = new Set<string>(Object.values(VISIT_BUCKET_INDEXES));
  const out = { bucketRange: 0, other: 0 };
  for (const scan of await tableScans(tdb.db, sent, 'metric_events')) {
    if (scan.index !== undefined && bucketIndexes.has(scan.index)) out.bucketRange += scan.loops;
    else out.other += scan.loops;
  }
  return out;
}

/** A cohort since the creation day of lead `first`: its leads' visits are `count` of the 240. */
const since = (first: number) =>
  metricScope(
    { pipelineId: 'default', window: 'cohort', from: new Date(Date.UTC(2025, 0, 1) + first * DAY) },
    NOW,
  );

it('walks the visits in order for a window since a date holding most of the bucket, and reads the range of one holding few', async () => {
  // Since the first day: all 240 visits, the median 120 rows from either end.
  const all = Array.from({ length: 240 }, (_, k) => durationOf(k)).sort((a, b) => a - b);
  const median = <DB>(db: Kysely<DB>) =>
    valuesAt(db, schema, since(0), 'visit:qualify', undefined, BUCKET, [119, 120], 240);
  const got = await median(tdb.db);
  expect([got.get(119), got.get(120)]).toEqual([all[119], all[120]]);
  expect(await scans(median)).toEqual({ bucketRange: 0, other: 1 });
  // Since the last month: 30 of the 240, the range of a visit-bucket index, sorted.
  const recent = <DB>(db: Kysely<DB>) =>
    valuesAt(db, schema, since(210), 'visit:qualify', undefined, BUCKET, OFFSETS, 30);
  const values = await recent(tdb.db);
  expect(OFFSETS.map((k) => values.get(k))).toEqual(OFFSETS.map((k) => windowOf(210)[k]));
  expect(await scans(recent)).toEqual({ bucketRange: 1, other: 0 });
});
