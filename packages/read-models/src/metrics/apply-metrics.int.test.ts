import { b2cPipeline, defaultPipeline, loadPipelines } from '@dealflow/domain';
import { transactionWithClient } from '@dealflow/db';
import { createTestDatabase, generateHistory, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { foldFunnel } from '../funnel/fold.js';
import { readModelDdl } from '../read-model-schema.js';
import { runUpserts } from './additive-cells.js';
import { metricCellUpserts, writeMetricEvents } from './apply-metrics.js';
import { METRIC_CELL_TABLES } from './metric-ddl.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('rm_apply_metrics');
  for (const statement of [...readModelDdl(1), ...readModelDdl(2)]) {
    await sql.raw(statement).execute(tdb.db);
  }
});
afterAll(() => tdb.drop());

const everything = async (version: number) => {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT * FROM ${sql.id(`rm_v${version}`, 'metric_events')}
    ORDER BY lead_id, version, stage, currency, reason, created, current
  `.execute(tdb.db);
  return rows;
};

it('writes the same metric rows and daily sums by COPY as by insert', async () => {
  const pipelines = [defaultPipeline, b2cPipeline];
  const events = generateHistory({
    leads: 800,
    seed: 5,
    start: '1999-12-20T00:00:00.000Z',
    pipelines,
  });
  const { metricEvents } = foldFunnel({ pipelines: loadPipelines(), leads: new Map(), events });
  // Free text where a reason goes: quotes, backslashes, tabs, non-ASCII.
  const rows = metricEvents.map((r, i) =>
    r.reason === '' || i % 3 !== 0 ? r : { ...r, reason: `Zoë "q" \\ \t ${r.reason}` },
  );
  expect(rows.length).toBeGreaterThan(1500);

  await transactionWithClient(tdb.db, async (trx) => {
    await writeMetricEvents(trx, 'rm_v1', rows);
    await runUpserts(trx, metricCellUpserts('rm_v1', rows));
  });
  await transactionWithClient(tdb.db, async (trx, client) => {
    expect(client).toBeDefined();
    await writeMetricEvents(trx, 'rm_v2', rows, client);
    await runUpserts(trx, metricCellUpserts('rm_v2', rows));
  });

  const inserted = await everything(1);
  expect(inserted).toHaveLength(rows.length);
  expect(await everything(2)).toEqual(inserted);
  for (const { name: table } of METRIC_CELL_TABLES) {
    const daily = (version: number) =>
      sql`SELECT * FROM ${sql.id(`rm_v${version}`, table)} ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(
        tdb.db,
      );
    expect((await daily(2)).rows).toEqual((await daily(1)).rows);
  }
});
