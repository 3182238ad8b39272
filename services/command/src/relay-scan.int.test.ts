import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SELECT_BATCH } from './relay-options.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('relay_scan');
});
afterAll(() => tdb.drop());

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

describe('the relay scan', () => {
  it('reads only the events of the outbox rows, however many events came before', async () => {
    // A long history whose outbox was drained: the statistics still count 20 000 outbox rows
    // (analyzed when they were queued), 12 remain.
    await tdb.pool.query(`
      INSERT INTO events (event_id, lead_id, version, type, schema_version, pipeline_id,
                          occurred_at, data, metadata)
      SELECT gen_random_uuid(), 'lead-' || i, 1, 'LeadCreated', 1, 'default', now(), '{}', '{}'
        FROM generate_series(1, 20000) AS i`);
    await tdb.pool.query(
      `INSERT INTO outbox (position, lead_id) SELECT position, lead_id FROM events`,
    );
    await tdb.pool.query('ANALYZE events');
    await tdb.pool.query('ANALYZE outbox');
    await tdb.pool.query(
      `DELETE FROM outbox WHERE position <= (SELECT max(position) - 12 FROM events)`,
    );

    const { rows: found } = await tdb.pool.query<{ lead_id: string }>(SELECT_BATCH, [2000]);
    expect(found.map((r) => r.lead_id)).toEqual(
      Array.from({ length: 12 }, (_, i) => `lead-${20000 - 11 + i}`),
    );
    const { rows } = await tdb.pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${SELECT_BATCH}`,
      [2000],
    );
    const plan = rows[0]?.['QUERY PLAN'][0].Plan;
    if (plan === undefined) throw new Error('no plan');
    const onEvents = nodes(plan).filter((n) => n['Relation Name'] === 'events');
    // One primary-key lookup per outbox row, never a scan of the events table.
    expect(onEvents.map((n) => n['Node Type'])).toEqual(['Index Scan']);
    expect(onEvents[0]?.['Actual Loops']).toBe(12);
    expect(nodes(plan).map((n) => n['Node Type'])).not.toContain('Hash Join');
    expect(nodes(plan).map((n) => n['Node Type'])).not.toContain('Merge Join');
  });
});
