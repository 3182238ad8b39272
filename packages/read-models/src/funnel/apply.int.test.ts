import { transactionWithClient } from '@dealflow/db';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelDdl, type FunnelDaily, type Lead } from '../read-model-schema.js';
import { ensureLiveVersion } from '../versions.js';
import { applyFunnelBatch } from './apply.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models');
  await ensureLiveVersion(tdb.db);
});
afterAll(() => tdb.drop());

const lead = (id: string, version: number, stage: string): Lead => ({
  lead_id: id,
  pipeline_id: 'default',
  owner_id: 'owner-1',
  source: '',
  created_at: new Date('2025-03-01T23:59:59.999Z'),
  cohort_day: '2025-03-01',
  stage,
  open_stage: stage,
  furthest_position: version,
  status: 'open',
  currency: 'EUR',
  amount: 9_007_199_254_740_991,
  stage_entered_at: new Date('2025-03-02T10:00:00.000Z'),
  closed_at: null,
  reason: null,
  version,
  last_occurred_at: new Date('2025-03-02T10:00:00.000Z'),
});

const delta = (stage: string, counts: Partial<FunnelDaily>): FunnelDaily => ({
  pipeline_id: 'default',
  cohort_day: '2025-03-01',
  stage,
  owner_id: 'owner-1',
  source: '',
  reached: 0,
  touched: 0,
  current: 0,
  lost: 0,
  ...counts,
});

describe('applyFunnelBatch', () => {
  const counters = async () => {
    const { rows } = await sql<FunnelDaily>`
      SELECT pipeline_id, cohort_day::text AS cohort_day, stage, owner_id, source,
        reached, touched, current, lost
      FROM rm_v1.funnel_daily ORDER BY stage
    `.execute(tdb.db);
    return rows;
  };
  const storedLead = async (id: string) => {
    const { rows } = await sql<{ version: number; stage: string; amount: number; cohort: string }>`
      SELECT version, stage, amount, cohort_day::text AS cohort FROM rm_v1.leads WHERE lead_id = ${id}
    `.execute(tdb.db);
    return rows[0];
  };

  it('adds counter deltas to what is stored, negative ones included', async () => {
    await applyFunnelBatch(tdb.db, 1, {
      leads: [],
      deltas: [
        delta('qualify', { reached: 1, touched: 1, current: 1 }),
        delta('demo', { reached: 2 }),
      ],
      metricEvents: [],
    });
    await applyFunnelBatch(tdb.db, 1, {
      leads: [],
      deltas: [delta('qualify', { current: -1, lost: 1 }), delta('demo', { reached: 3 })],
      metricEvents: [],
    });
    expect(await counters()).toEqual([
      delta('demo', { reached: 5 }),
      delta('qualify', { reached: 1, touched: 1, lost: 1 }),
    ]);
  });

  it('upserts leads, and never replaces a row by a lower or equal version', async () => {
    await applyFunnelBatch(tdb.db, 1, {
      leads: [lead('a', 2, 'demo'), lead('b', 1, 'qualify')],
      deltas: [],
      metricEvents: [],
    });
    expect(await storedLead('a')).toEqual({
      version: 2,
      stage: 'demo',
      amount: 9_007_199_254_740_991,
      cohort: '2025-03-01',
    });
    await applyFunnelBatch(tdb.db, 1, {
      leads: [lead('a', 1, 'qualify'), lead('b', 3, 'proposal')],
      deltas: [],
      metricEvents: [],
    });
    expect(await storedLead('a')).toMatchObject({ version: 2, stage: 'demo' });
    expect(await storedLead('b')).toMatchObject({ version: 3, stage: 'proposal' });
  });

  it('writes a large batch in one go', async () => {
    const leads = Array.from({ length: 5_000 }, (_, i) => lead(`bulk-${i}`, 1, 'qualify'));
    const deltas = Array.from({ length: 5_000 }, (_, i) =>
      delta('qualify', { owner_id: `owner-${i}`, reached: 1, current: 1, touched: 1 }),
    );
    await applyFunnelBatch(tdb.db, 1, { leads, deltas, metricEvents: [] });
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM rm_v1.leads WHERE lead_id LIKE 'bulk-%'
    `.execute(tdb.db);
    expect(rows[0]?.n).toBe(5_000);
  });

  it('upserts a large batch by COPY exactly as by unnest: every field, and never to a lower version', async () => {
    for (const statement of [...readModelDdl(2), ...readModelDdl(3)]) {
      await sql.raw(statement).execute(tdb.db);
    }
    const variant = (i: number, version: number): Lead => ({
      ...lead(`same-${i}`, version, i % 2 === 0 ? 'demo' : 'qualify'),
      owner_id: i % 3 === 0 ? '' : `Zoë "o" \\ ${i}`,
      created_at: new Date(Date.UTC(1999, 11, 31, 23, 59, 59, i % 1000)),
      cohort_day: '1999-12-31',
      status: i % 5 === 0 ? 'won' : 'open',
      amount: i % 7 === 0 ? 0 : -i * 1_000_003,
      closed_at: i % 5 === 0 ? new Date(Date.UTC(2030, 0, 1, 0, 0, 0, i % 1000)) : null,
      reason: i % 4 === 0 ? null : `reason ${i}\t`,
    });
    const write = async (version: number, leads: Lead[], copy: boolean) =>
      transactionWithClient(tdb.db, async (trx, client) => {
        expect(client).toBeDefined();
        const copyClient = copy ? client : undefined;
        await applyFunnelBatch(
          trx,
          version,
          { leads, deltas: [], metricEvents: [] },
          {
            ...(copyClient !== undefined && { copyClient }),
          },
        );
      });
    const first = Array.from({ length: 1_200 }, (_, i) => variant(i, 2));
    // Half again at a higher version, half at a lower one (must not win), twice in a transaction.
    const second = first.map((l, i) => ({ ...variant(i, i % 2 === 0 ? 3 : 1), stage: 'proposal' }));
    for (const [version, copy] of [
      [2, false],
      [3, true],
    ] as const) {
      await write(version, first, copy);
      await write(version, second, copy);
    }
    const all = async (version: number) =>
      (
        await sql`SELECT * FROM ${sql.id(`rm_v${version}`, 'leads')} ORDER BY lead_id`.execute(
          tdb.db,
        )
      ).rows;
    const byUnnest = await all(2);
    expect(byUnnest).toHaveLength(1_200);
    expect(byUnnest.filter((r) => (r as { version: number }).version === 3)).toHaveLength(600);
    expect(await all(3)).toEqual(byUnnest);
  });
});
