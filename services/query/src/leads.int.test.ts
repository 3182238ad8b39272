import { b2cPipeline, defaultPipeline, loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import {
  applyFunnelBatch,
  applyLeadListBatch,
  foldFunnel,
  type LeadListFilters,
} from '@dealflow/read-models';
import { generateHistory, leadEvent, referenceLeadList, referenceLeads } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

const start = '2025-03-01T00:00:00.000Z';
let fixture: QueryFixture;
let events: LeadEvent[];

beforeAll(async () => {
  events = generateHistory({
    leads: 400,
    seed: 41,
    start,
    pipelines: [defaultPipeline, b2cPipeline],
  });
  fixture = await startQueryFixture(events, { minPositionWaitMs: 1500 });
});

afterAll(async () => {
  await fixture?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  fixture.app.inject({ method: 'GET', url, headers });

interface ListBody {
  leads: { leadId: string }[];
  nextCursor: string | null;
  total: { value: number; relation: string };
}

/** Every page of `/v1/leads?query`, following `nextCursor`. */
async function allPages(query: Record<string, string>) {
  const seen: unknown[] = [];
  const pages: ListBody[] = [];
  let cursor: string | undefined;
  for (;;) {
    const params = new URLSearchParams({ ...query, ...(cursor === undefined ? {} : { cursor }) });
    const res = await get(`/v1/leads?${params.toString()}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<ListBody>();
    pages.push(body);
    seen.push(...body.leads);
    if (body.nextCursor === null) return { seen, pages };
    cursor = body.nextCursor;
  }
}

const listed = (
  filters: LeadListFilters,
  sort: 'amount' | 'createdAt' | 'lastActivityAt',
  order: 'asc' | 'desc',
) => referenceLeadList(events, filters, sort, order).map(({ timeline: _t, ...item }) => item);

describe('GET /v1/leads', () => {
  it('pages through every matching lead exactly once, in order, equal to the reference', async () => {
    const { seen, pages } = await allPages({ limit: '30' });
    expect(seen).toEqual(listed({ pipelineId: 'default' }, 'lastActivityAt', 'desc'));
    expect(pages.length).toBeGreaterThan(3);
    expect(pages[0]?.total).toEqual({ value: seen.length, relation: 'eq' });

    const query = { pipelineId: 'b2c', status: 'open', sort: 'amount', order: 'asc', limit: '7' };
    const b2c = await allPages(query);
    expect(b2c.seen).toEqual(listed({ pipelineId: 'b2c', status: 'open' }, 'amount', 'asc'));

    const ranged = { currency: 'EUR', amountMin: '500000', createdFrom: '2025-03-05T00:00:00Z' };
    const r = await allPages({ ...ranged, sort: 'createdAt', q: 'com' });
    const filters = {
      pipelineId: 'default',
      currency: 'EUR',
      amountMin: 500_000,
      createdFrom: new Date('2025-03-05T00:00:00Z'),
      q: 'com',
    };
    expect(r.seen).toEqual(listed(filters, 'createdAt', 'desc'));
    expect(r.seen.length).toBeGreaterThan(0);
  });

  it('uses a default page of 50 and refuses more than 200', async () => {
    expect((await get('/v1/leads')).json<ListBody>().leads).toHaveLength(50);
    expect((await get('/v1/leads?limit=200')).json<ListBody>().leads).toHaveLength(200);
    expect((await get('/v1/leads?limit=201')).statusCode).toBe(400);
  });

  it('refuses a bad cursor or a bad filter with validation_error, and answers as before', async () => {
    const before = await get('/v1/leads?limit=20');
    const { nextCursor } = before.json<ListBody>();
    expect(nextCursor).not.toBeNull();
    const forged = Buffer.from(JSON.stringify({ v: 'x', id: 'y', k: 'z' })).toString('base64url');
    // A real cursor of this list, altered: a sort value no instant has, an id with a NUL.
    const real = JSON.parse(Buffer.from(nextCursor ?? '', 'base64url').toString('utf8')) as {
      v: string;
      id: string;
    };
    const altered = (change: object) =>
      Buffer.from(JSON.stringify({ ...real, ...change })).toString('base64url');
    const bad = [
      'cursor=garbage!!',
      'cursor=',
      `cursor=${forged}`,
      `cursor=${altered({ v: '2026-02-30T25:61:00.000000Z' })}`,
      `cursor=${altered({ id: 'lead\u0000x' })}`,
      `cursor=${nextCursor ?? ''}&sort=amount`,
      `cursor=${nextCursor ?? ''}&ownerId=owner-1`,
      `cursor=${nextCursor ?? ''}&order=asc`,
      'stage=nowhere',
      'stage=lost&pipelineId=b2c&status=bogus',
      'amountMin=5',
      'amountMin=9&amountMax=3&currency=EUR',
      'amountMin=-1&currency=EUR',
      'currency=euro',
      'createdFrom=2025-03-09T00:00:00Z&createdTo=2025-03-02T00:00:00Z',
      'activityFrom=yesterday',
      'q=a',
      'q=ab',
      'q=%00abc',
      'limit=0',
      'sort=name',
      'colour=red',
    ];
    for (const query of bad) {
      const res = await get(`/v1/leads?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toMatchObject({ code: 'validation_error' });
    }
    expect((await get('/v1/leads?pipelineId=nope')).json()).toMatchObject({ code: 'not_found' });
    const after = await get('/v1/leads?limit=20');
    expect(after.json()).toEqual(before.json());
    // The same cursor with another page size is the same list.
    const next = await get(`/v1/leads?limit=5&cursor=${nextCursor ?? ''}`);
    expect(next.statusCode).toBe(200);
  });

  it('answers an ETag, and 304 to If-None-Match while nothing changed', async () => {
    const first = await get('/v1/leads?stage=demo');
    const etag = first.headers.etag;
    expect(typeof etag).toBe('string');
    const again = await get('/v1/leads?stage=demo', { 'if-none-match': String(etag) });
    expect(again.statusCode).toBe(304);
    const other = await get('/v1/leads?stage=proposal', { 'if-none-match': String(etag) });
    expect(other.statusCode).toBe(200);
  });
});

describe('GET /v1/leads/{leadId}', () => {
  it('answers each lead with its stage timeline, equal to the reference', async () => {
    const reference = [...referenceLeads(events).values()];
    for (const lead of reference.filter((_, i) => i % 9 === 0)) {
      const res = await get(`/v1/leads/${lead.leadId}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(lead);
    }
    const [a, b] = reference;
    const tagA = (await get(`/v1/leads/${a?.leadId ?? ''}`)).headers.etag;
    const tagB = (await get(`/v1/leads/${b?.leadId ?? ''}`)).headers.etag;
    expect(tagA).not.toEqual(tagB);
  });

  it('is 404 lead_not_found for a lead the read models do not hold', async () => {
    const res = await get('/v1/leads/no-such-lead');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'lead_not_found' });
    expect((await get(`/v1/leads/${'x'.repeat(65)}`)).statusCode).toBe(400);
  });

  it('waits for X-Dealflow-Min-Position, then shows the write in the lead and the lists', async () => {
    const lead = [...referenceLeads(events).values()].find(
      (l) => l.status === 'open' && l.pipelineId === 'default' && l.stage === 'qualify',
    );
    if (lead === undefined) throw new Error('the history has no open lead in qualify');
    const advanced = leadEvent(
      lead.leadId,
      lead.version + 1,
      'StageAdvanced',
      { fromStage: 'qualify', toStage: 'proposal' },
      new Date('2026-01-01T00:00:00Z'),
    );
    const row = await fixture.tdb.db
      .insertInto('events')
      .values({
        event_id: advanced.id,
        lead_id: advanced.leadId,
        version: advanced.version,
        type: advanced.type,
        schema_version: 1,
        pipeline_id: 'default',
        occurred_at: advanced.occurredAt,
        data: advanced.data,
        metadata: {},
      })
      .returning('position')
      .executeTakeFirstOrThrow();
    const headers = { 'x-dealflow-min-position': String(row.position) };
    const answer = get(`/v1/leads/${lead.leadId}`, headers);
    const list = get('/v1/leads?stage=proposal&sort=lastActivityAt&limit=1', headers);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const { rows } = await sql<{ version: number }>`
      SELECT version FROM rm_v1.leads WHERE lead_id = ${lead.leadId}`.execute(fixture.tdb.db);
    expect(rows[0]?.version).toBe(lead.version);
    // The projector's own writers, as a live chunk applies the event.
    const stored = new Map(
      (
        await sql<Parameters<typeof applyFunnelBatch>[2]['leads'][number]>`
          SELECT lead_id, pipeline_id, owner_id, source, created_at, cohort_day::text AS cohort_day,
            stage, open_stage, furthest_position, status, currency, amount, stage_entered_at,
            closed_at, reason, version, last_occurred_at
          FROM rm_v1.leads WHERE lead_id = ${lead.leadId}`.execute(fixture.tdb.db)
      ).rows.map((r) => [r.lead_id, r]),
    );
    const folded = foldFunnel({ pipelines: loadPipelines(), leads: stored, events: [advanced] });
    await fixture.tdb.db.transaction().execute(async (trx) => {
      await applyFunnelBatch(trx, fixture.version, folded);
      await applyLeadListBatch(trx, fixture.version, { stored, events: [advanced], folded });
    });
    const res = await answer;
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-dealflow-stale']).toBeUndefined();
    const expected = referenceLeads([...events, advanced]).get(lead.leadId);
    expect(res.json()).toEqual(expected);
    expect(expected?.timeline.at(-1)).toMatchObject({ stage: 'proposal', leftAt: null });
    const listRes = await list;
    expect(listRes.json<ListBody>().leads.map((l) => l.leadId)).toEqual([lead.leadId]);
  });
});
