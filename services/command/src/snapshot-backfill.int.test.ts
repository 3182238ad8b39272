import { BACKFILL_LEAD_SNAPSHOTS } from '@dealflow/db';
import { foldLead } from '@dealflow/domain';
import { generateHistory } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from './event-store.js';
import { commandFixture, type CommandFixture } from './testing/command-fixture.js';

let fx: CommandFixture;
beforeAll(async () => {
  fx = await commandFixture();
});
afterAll(() => fx.close());

describe('lead snapshots backfilled from existing events', () => {
  it('folds each stored stream exactly as the domain does, and commands go on from there', async () => {
    // Events written before snapshots existed: straight into the event store, no snapshot rows.
    const events = generateHistory({
      leads: 150,
      seed: 11,
      start: '2025-01-06T09:00:00Z',
      crmChanges: false,
    });
    await fx.tdb.db
      .insertInto('events')
      .values(
        events.map((e) => ({
          event_id: e.id,
          lead_id: e.leadId,
          version: e.version,
          type: e.type,
          schema_version: e.schemaVersion,
          pipeline_id: e.pipelineId,
          occurred_at: e.occurredAt,
          recorded_at: e.recordedAt,
          data: e.data,
          metadata: e.metadata,
        })),
      )
      .execute();
    await sql.raw(BACKFILL_LEAD_SNAPSHOTS).execute(fx.tdb.db);
    const rows = await fx.tdb.db.selectFrom('lead_snapshots').selectAll().execute();
    const leadIds = [...new Set(events.map((e) => e.leadId))];
    expect(rows).toHaveLength(leadIds.length);
    const statuses = new Set<string>();
    for (const row of rows) {
      const { events: stream } = await readStream(fx.tdb.db, row.lead_id);
      const folded = foldLead(stream);
      if (folded.status === 'none') throw new Error(`no events of ${row.lead_id}`);
      // The backfill writes the snapshot's shape of its day, before `erasedAt`: such a snapshot
      // is folded again on its next read (the next test), so the rest must match.
      const { erasedAt: _erasedAt, ...rest } = folded;
      expect(row.state, row.lead_id).toEqual(rest);
      expect(row.version).toBe(stream.length);
      statuses.add(folded.status);
    }
    expect([...statuses].sort()).toEqual(['lost', 'open', 'won']);

    // A backfilled open lead takes its next command at the next version.
    const open = rows.find((r) => r.state.status === 'open' && r.state.stage === 'qualify');
    if (open === undefined) throw new Error('no open lead in qualify in the history');
    const res = await fx.post(`/v1/leads/${open.lead_id}/advance`, { toStage: 'negotiation' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ version: number }>().version).toBe(open.version + 1);
  });

  it('folds a snapshot of an older shape again from its events, and stores the current one', async () => {
    const leadId = await fx.createLead();
    await fx.tdb.db
      .updateTable('lead_snapshots')
      .set({ state: sql`state - 'closedAt'` })
      .where('lead_id', '=', leadId)
      .execute();
    const res = await fx.post(`/v1/leads/${leadId}/advance`, { toStage: 'demo' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ version: number }>().version).toBe(2);
    const row = await fx.tdb.db
      .selectFrom('lead_snapshots')
      .select(['version', 'state'])
      .where('lead_id', '=', leadId)
      .executeTakeFirstOrThrow();
    const { state } = await readStream(fx.tdb.db, leadId);
    expect(row).toEqual({ version: 2, state });
    expect(row.state).toHaveProperty('closedAt', null);
  });
});
