import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, newLeadId, type CommandFixture } from './testing/command-fixture.js';

let fx: CommandFixture;
beforeAll(async () => {
  fx = await commandFixture();
});
afterAll(() => fx.close());

const eur = (value: number) => ({ value, currency: 'EUR' });

describe('command API happy paths', () => {
  it('creates a lead: 201, ETag "1", Location, position, in the first stage', async () => {
    const leadId = newLeadId();
    const res = await fx.post('/v1/leads', {
      leadId,
      name: 'Ada',
      company: 'Engines Ltd',
      source: 'web',
      ownerId: 'owner-1',
      amount: eur(1_250_000),
      occurredAt: '2025-03-01T09:00:00.000Z',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ leadId, version: 1, stage: 'qualify', status: 'open' });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/v1/leads/${leadId}`);
    const position = Number(res.headers['x-dealflow-position']);
    expect(Number.isSafeInteger(position) && position > 0).toBe(true);

    const row = await fx.tdb.db
      .selectFrom('events')
      .selectAll()
      .where('lead_id', '=', leadId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      position,
      version: 1,
      type: 'LeadCreated',
      pipeline_id: 'default',
    });
    expect(row.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
    expect(row.metadata).toMatchObject({
      actor: 'anonymous',
      causationId: res.headers['x-request-id'],
    });
    const outbox = await fx.tdb.db
      .selectFrom('outbox')
      .selectAll()
      .where('position', '=', position)
      .execute();
    expect(outbox).toHaveLength(1);
  });

  it('generates a UUIDv7 lead id when none is given', async () => {
    const res = await fx.post('/v1/leads', { name: 'Anon', amount: eur(0), pipelineId: 'b2c' });
    expect(res.statusCode).toBe(201);
    const { leadId } = res.json<{ leadId: string }>();
    expect(leadId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers.location).toBe(`/v1/leads/${leadId}`);
  });

  it('advances, then wins keeping the amount; versions, ETags and positions grow', async () => {
    const leadId = await fx.createLead();
    const adv = await fx.post(
      `/v1/leads/${leadId}/advance`,
      { toStage: 'proposal' },
      { 'if-match': '"1"' },
    );
    expect(adv.statusCode).toBe(200);
    expect(adv.json()).toEqual({ leadId, version: 2, stage: 'proposal', status: 'open' });
    expect(adv.headers.etag).toBe('"2"');
    const win = await fx.post(
      `/v1/leads/${leadId}/win`,
      { reason: 'best fit' },
      { 'if-match': '2' },
    );
    expect(win.statusCode).toBe(200);
    expect(win.json()).toEqual({ leadId, version: 3, stage: 'won', status: 'won' });
    expect(Number(win.headers['x-dealflow-position'])).toBeGreaterThan(
      Number(adv.headers['x-dealflow-position']),
    );
    const lead = await fx.get(`/v1/leads/${leadId}`);
    expect(lead.json()).toMatchObject({ status: 'won', amount: eur(100_000), version: 3 });
  });

  it('wins at a new amount', async () => {
    const leadId = await fx.createLead();
    const win = await fx.post(`/v1/leads/${leadId}/win`, { amount: eur(90_000) });
    expect(win.statusCode).toBe(200);
    expect((await fx.get(`/v1/leads/${leadId}`)).json()).toMatchObject({ amount: eur(90_000) });
  });

  it('loses a deal with a configured reason and a note', async () => {
    const leadId = await fx.createLead();
    await fx.post(`/v1/leads/${leadId}/advance`, { toStage: 'demo' });
    const lose = await fx.post(`/v1/leads/${leadId}/lose`, { reason: 'price', note: 'too dear' });
    expect(lose.statusCode).toBe(200);
    expect(lose.json()).toEqual({ leadId, version: 3, stage: 'lost', status: 'lost' });
    const events = (await fx.get(`/v1/leads/${leadId}/events`)).json<{
      events: { data: unknown }[];
    }>();
    expect(events.events[2]?.data).toEqual({
      reason: 'price',
      note: 'too dear',
      fromStage: 'demo',
    });
  });

  it('GET /v1/leads/:leadId folds the stream', async () => {
    const leadId = newLeadId();
    await fx.createLead(leadId, {
      company: 'Acme',
      source: 'referral',
      ownerId: 'owner-7',
      occurredAt: '2025-03-01T09:00:00.000Z',
    });
    await fx.post(`/v1/leads/${leadId}/advance`, {
      toStage: 'demo',
      occurredAt: '2025-03-02T10:00:00.000Z',
    });
    const res = await fx.get(`/v1/leads/${leadId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toEqual({
      leadId,
      pipelineId: 'default',
      stage: 'demo',
      status: 'open',
      amount: eur(100_000),
      version: 2,
      createdAt: '2025-03-01T09:00:00.000Z',
      updatedAt: '2025-03-02T10:00:00.000Z',
      closedAt: null,
      erased: false,
      ownerId: 'owner-7',
      source: 'referral',
      name: 'Ada Lovelace',
      company: 'Acme',
    });
  });

  it('GET /v1/leads/:leadId/events returns the envelopes in version order', async () => {
    const leadId = await fx.createLead();
    await fx.post(
      `/v1/leads/${leadId}/advance`,
      { toStage: 'demo' },
      { 'x-correlation-id': 'corr-1' },
    );
    await fx.post(`/v1/leads/${leadId}/advance`, { toStage: 'negotiation' });
    const res = await fx.get(`/v1/leads/${leadId}/events`);
    expect(res.statusCode).toBe(200);
    const { events } = res.json<{ events: Record<string, unknown>[] }>();
    expect(events.map((e) => [e.version, e.type])).toEqual([
      [1, 'LeadCreated'],
      [2, 'StageAdvanced'],
      [3, 'StageAdvanced'],
    ]);
    expect(events[1]).toMatchObject({
      schemaVersion: 1,
      leadId,
      pipelineId: 'default',
      data: { fromStage: 'qualify', toStage: 'demo' },
      metadata: { correlationId: 'corr-1', actor: 'anonymous' },
    });
    const ids = events.map((e) => String(e.id));
    expect([...ids].sort()).toEqual(ids); // UUIDv7: time-ordered
  });

  it('GET /health pings the database and reports the outbox backlog', async () => {
    const res = await fx.get('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      database: 'up',
      outboxBacklog: (await fx.counts()).outbox,
      relay: null,
    });
  });

  it('documents every route with schemas in the OpenAPI 3.1 document', async () => {
    const res = await fx.get('/docs/json');
    const doc = res.json<{
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            tags?: string[];
            description?: string;
            responses: Record<string, unknown>;
            requestBody?: unknown;
            parameters?: { name: string; in: string }[];
          }
        >
      >;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    const routes = [
      ['/v1/leads', 'post', '201'],
      ['/v1/leads/{leadId}/advance', 'post', '200'],
      ['/v1/leads/{leadId}/win', 'post', '200'],
      ['/v1/leads/{leadId}/lose', 'post', '200'],
      ['/v1/leads/{leadId}', 'get', '200'],
      ['/v1/leads/{leadId}/events', 'get', '200'],
      ['/health', 'get', '200'],
    ] as const;
    for (const [path, method, ok] of routes) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op?.tags?.length).toBeGreaterThan(0);
      expect(op?.description).toBeTruthy();
      expect(Object.keys(op?.responses ?? {})).toEqual(
        expect.arrayContaining([ok, '400', '500', '503']),
      );
      if (method === 'post') {
        expect(op?.requestBody).toBeDefined();
        expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['409', '422']));
        expect(op?.parameters?.map((p) => p.name)).toContain('idempotency-key');
      }
    }
    const advance = doc.paths['/v1/leads/{leadId}/advance']?.post;
    expect(advance?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['path:leadId', 'header:if-match', 'header:idempotency-key']),
    );
  });
});
