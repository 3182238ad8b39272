import { migrations } from '@dealflow/db';
import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import {
  createTestDatabase,
  referenceLeadList,
  referenceLeads,
  type TestDatabase,
} from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectHistory } from '../testing/project-history.js';
import { queryLeadList } from './query-lead-list.js';
import { queryLead } from './query-lead.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models_lead_list_migration');
});
afterAll(() => tdb?.drop());

it('gives a version written before lead lists its cards, words, visits, counts and covering indexes', async () => {
  // What a projector without lead lists wrote, and the event store beside it.
  const { version, schema, events } = await projectHistory(tdb.db, {
    leads: 250,
    seed: 8,
    start: '2025-02-01T00:00:00.000Z',
    pipelines: [defaultPipeline, b2cPipeline],
    // A database from before lead lists holds only the event types of its day.
    crmChanges: false,
  });
  await tdb.db
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
  for (const table of ['lead_words', 'lead_cards', 'lead_stage_visits', 'lead_counts']) {
    await sql`DROP TABLE ${sql.id(schema, table)}`.execute(tdb.db);
  }
  for (const index of [
    'leads_list_last_occurred_at_cover',
    'leads_list_created_at_cover',
    'leads_list_amount_cover',
    'leads_list_stage',
  ]) {
    await sql`DROP INDEX ${sql.id(schema, index)}`.execute(tdb.db);
  }

  for (const name of ['0014_lead_lists', '0015_lead_list_covering_indexes', '0018_lead_words']) {
    const migration = migrations[name];
    if (migration === undefined) throw new Error(`migration ${name} missing`);
    await migration.up(tdb.db);
    await migration.up(tdb.db); // idempotent
  }

  const page = await queryLeadList(tdb.db, version, {
    filters: { pipelineId: 'default', status: 'open' },
    sort: 'amount',
    order: 'desc',
    limit: 1000,
  });
  const expected = referenceLeadList(
    events,
    { pipelineId: 'default', status: 'open' },
    'amount',
    'desc',
  );
  expect(page.leads).toEqual(expected.map(({ timeline: _t, ...item }) => item));
  expect(page.total).toEqual({ value: expected.length, relation: 'eq' });
  // Text searches by the words the migration wrote, exact and counted exactly.
  for (const q of ['company 1', 'lead 2', 'lead 1a company']) {
    const filters = { pipelineId: 'default', q };
    const request = { filters, sort: 'createdAt' as const, order: 'asc' as const, limit: 1000 };
    const found = await queryLeadList(tdb.db, version, request, { textPlan: 'index' });
    const wanted = referenceLeadList(events, filters, 'createdAt', 'asc');
    expect(found.leads.map((l) => l.leadId)).toEqual(wanted.map((l) => l.leadId));
    expect(found.total).toEqual({ value: wanted.length, relation: 'eq' });
  }
  for (const lead of [...referenceLeads(events).values()].filter((_, i) => i % 10 === 0)) {
    expect(await queryLead(tdb.db, version, lead.leadId)).toEqual(lead);
  }
  const { rows } = await sql<{ indexname: string }>`
    SELECT indexname FROM pg_indexes WHERE schemaname = ${schema} AND indexname LIKE 'lead%'
    ORDER BY 1
  `.execute(tdb.db);
  const names = rows.map((r) => r.indexname);
  expect(names).toEqual(
    expect.arrayContaining([
      'lead_cards_search',
      'leads_list_amount_cover',
      'leads_list_created_at_cover',
      'leads_list_last_occurred_at_cover',
      'leads_list_stage',
    ]),
  );
  // The covering indexes replace the narrow ones of 0014.
  for (const narrow of ['leads_list_activity', 'leads_list_amount', 'leads_list_created']) {
    expect(names).not.toContain(narrow);
  }
});
