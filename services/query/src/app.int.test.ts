import { defaultPipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import { generateHistory } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

let fixture: QueryFixture;
let events: LeadEvent[];

beforeAll(async () => {
  events = generateHistory({ leads: 50, seed: 3, start: '2025-03-01T00:00:00.000Z' });
  fixture = await startQueryFixture(events, { minPositionWaitMs: 400 });
});

afterAll(async () => {
  await fixture?.close();
});

/** Appends an event row for (lead, version) to the event store and returns its position. */
async function appendEvent(leadId: string, version: number): Promise<number> {
  const row = await fixture.tdb.db
    .insertInto('events')
    .values({
      event_id: crypto.randomUUID(),
      lead_id: leadId,
      version,
      type: 'StageAdvanced',
      schema_version: 1,
      pipeline_id: 'default',
      occurred_at: '2025-04-01T00:00:00Z',
      data: { fromStage: 'qualify', toStage: 'demo' },
      metadata: {},
    })
    .returning('position')
    .executeTakeFirstOrThrow();
  return row.position;
}

async function storedVersion(leadId: string): Promise<number> {
  const { rows } = await sql<{ version: number }>`
    SELECT version FROM rm_v1.leads WHERE lead_id = ${leadId}
  `.execute(fixture.tdb.db);
  return rows[0]?.version ?? 0;
}

function funnelWithMinPosition(position: string) {
  return fixture.app.inject({
    method: 'GET',
    url: '/v1/funnel',
    headers: { 'x-dealflow-min-position': position },
  });
}

describe('read-your-writes (X-Dealflow-Min-Position)', () => {
  const leadId = () => events[0]?.leadId ?? '';

  it('answers at once, fresh, when the read models hold the position already', async () => {
    const position = await appendEvent(leadId(), await storedVersion(leadId()));
    const started = Date.now();
    const res = await funnelWithMinPosition(String(position));
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-dealflow-stale']).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(300);
    expect((await funnelWithMinPosition('0')).headers['x-dealflow-stale']).toBeUndefined();
  });

  it('waits for the projection to catch up', async () => {
    const version = (await storedVersion(leadId())) + 1;
    const position = await appendEvent(leadId(), version);
    const answer = funnelWithMinPosition(String(position));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sql`UPDATE rm_v1.leads SET version = ${version} WHERE lead_id = ${leadId()}`.execute(
      fixture.tdb.db,
    );
    const res = await answer;
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-dealflow-stale']).toBeUndefined();
  });

  it('answers X-Dealflow-Stale: true when the wait runs out', async () => {
    const behind = await appendEvent(leadId(), (await storedVersion(leadId())) + 1);
    const started = Date.now();
    const res = await funnelWithMinPosition(String(behind));
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-dealflow-stale']).toBe('true');
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    const unknown = await funnelWithMinPosition('999999999');
    expect(unknown.headers['x-dealflow-stale']).toBe('true');
  });

  it('rejects a header that is not a non-negative integer', async () => {
    for (const bad of ['abc', '-1', '1.5', '12345678901234567']) {
      const res = await funnelWithMinPosition(bad);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_error' });
    }
  });
});

describe('GET /v1/pipelines', () => {
  it('lists the pipelines, stages in order with positions, and lost reasons', async () => {
    const res = await fixture.app.inject({ method: 'GET', url: '/v1/pipelines' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{
      pipelines: { id: string; stages: unknown[]; lostReasons: string[] }[];
    }>();
    expect(body.pipelines.map((p) => p.id)).toEqual(['default', 'b2c']);
    expect(body.pipelines[0]).toEqual({
      id: 'default',
      name: defaultPipeline.name,
      stages: defaultPipeline.stages.map((stage, i) => ({ ...stage, position: i + 1 })),
      lostReasons: defaultPipeline.lostReasons,
    });
  });
});

describe('GET /health and the OpenAPI document', () => {
  it('pings the database', async () => {
    const res = await fixture.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'up' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('documents /v1/funnel with its parameters, definitions, errors and an example', async () => {
    const res = await fixture.app.inject({ method: 'GET', url: '/docs/json' });
    const doc = res.json<{
      openapi: string;
      paths: Record<string, { get: Record<string, unknown> }>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    const funnel = doc.paths['/v1/funnel']?.get;
    expect(funnel?.description).toMatch(/conversionToNext/);
    const params = (funnel?.parameters as { name: string; in: string }[]).map((p) => p.name);
    expect(params).toEqual(
      expect.arrayContaining(['pipelineId', 'ownerId', 'source', 'from', 'to', 'window']),
    );
    expect(params).toContain('x-dealflow-min-position');
    const responses = funnel?.responses as Record<string, unknown>;
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['200', '400', '404', '503']));
    const ok = responses['200'] as { content: Record<string, { example?: unknown }> };
    expect(ok.content['application/json']?.example).toMatchObject({ pipelineId: 'default' });
    expect(doc.paths).toHaveProperty('/v1/pipelines');
  });
});
