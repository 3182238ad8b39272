import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLiveVersion, listVersions, liveVersion } from '../versions.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models');
});
afterAll(() => tdb.drop());

describe('read-model versions', () => {
  it('creates version 1 once, however many processes start at the same time', async () => {
    expect(await liveVersion(tdb.db)).toBeUndefined();
    const versions = await Promise.all(Array.from({ length: 6 }, () => ensureLiveVersion(tdb.db)));
    expect(versions).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await listVersions(tdb.db)).toMatchObject([
      { version: 1, state: 'live', source: 'live', retiredAt: null, error: null },
    ]);
    const { rows } = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'rm_v1'
      ORDER BY table_name
    `.execute(tdb.db);
    expect(rows.map((r) => r.table_name)).toEqual([
      'applied_position',
      'funnel_daily',
      'lead_cards',
      'lead_counts',
      'lead_stage_visits',
      'lead_words',
      'leads',
      'metric_activity_daily',
      'metric_activity_hourly',
      'metric_activity_monthly',
      'metric_cohort_daily',
      'metric_cohort_monthly',
      'metric_cross_daily',
      'metric_events',
      'metric_total',
      'parked_events',
      'series_activity_daily',
      'series_cross_daily',
      'series_cross_monthly',
      'won_hist_activity',
      'won_hist_activity_monthly',
      'won_hist_cohort',
      'won_hist_cohort_monthly',
      'won_hist_cross',
      'won_hist_fine',
      'won_hist_fine_monthly',
      'won_hist_hourly',
      'won_hist_total',
      'won_stats_total',
    ]);
  });

  it('refuses to guess when versions exist but none is live', async () => {
    const other = await createTestDatabase('read_models');
    try {
      await other.db
        .insertInto('projection_versions')
        .values({ version: 3, state: 'failed', error: 'boom' })
        .execute();
      await expect(ensureLiveVersion(other.db)).rejects.toThrow(/no live read-model version/);
    } finally {
      await other.drop();
    }
  });
});
