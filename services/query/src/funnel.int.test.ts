import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type { FunnelFilters, FunnelResponse } from '@dealflow/read-models';
import { generateHistory, referenceFunnel } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

const pipelines = [defaultPipeline, b2cPipeline];
let fixture: QueryFixture;
let events: LeadEvent[];

beforeAll(async () => {
  events = generateHistory({
    leads: 1200,
    seed: 2025,
    start: '2025-03-01T00:00:00.000Z',
    pipelines,
    duplicateShare: 0.05,
  });
  fixture = await startQueryFixture(events);
});

afterAll(async () => {
  await fixture?.close();
});

async function getFunnel(query: Record<string, string>) {
  return fixture.app.inject({ method: 'GET', url: '/v1/funnel', query });
}

/** The filters a query string means, for the reference fold. */
function filtersOf(query: Record<string, string>): FunnelFilters {
  return {
    pipelineId: query.pipelineId,
    ownerId: query.ownerId,
    source: query.source,
    from: query.from === undefined ? undefined : new Date(query.from),
    to: query.to === undefined ? undefined : new Date(query.to),
  };
}

describe('GET /v1/funnel', () => {
  const scopes: Record<string, string>[] = [
    {},
    { pipelineId: 'default', window: 'cohort' },
    { pipelineId: 'b2c' },
    { ownerId: 'owner-2' },
    { source: 'event' },
    { ownerId: 'owner-1', source: 'web' },
    { pipelineId: 'b2c', ownerId: 'owner-3', source: 'referral' },
    { from: '2025-03-04T00:00:00.000Z', to: '2025-03-11T00:00:00.000Z' },
    { from: '2025-03-04T06:30:00.000Z', to: '2025-03-11T21:15:30.250Z' },
    { from: '2025-03-08T10:00:00+02:00', to: '2025-03-09T03:00:00+01:00', ownerId: 'owner-4' },
    { from: '2025-03-12T13:00:00Z' },
    { to: '2025-03-19T08:00:00Z', pipelineId: 'b2c' },
    { from: '2025-03-15T23:59:00Z', to: '2025-03-16T00:01:00Z' },
  ];

  it.each(scopes)('equals the reference fold for %o', async (query) => {
    const res = await getFunnel(query);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-dealflow-stale']).toBeUndefined();
    const body = res.json<FunnelResponse>();
    expect(body).toEqual(referenceFunnel(events, pipelines, filtersOf(query)));
    // Each lead is open, won or lost; by owner, a lead handed over counts among the leads of
    // the owner it was created by and in the open/won/lost of the owner who has it now.
    if (query['ownerId'] === undefined) {
      expect(body.totals.leads).toBe(body.totals.open + body.totals.won + body.totals.lost);
    }
  });

  it('answers an empty scope with zeros and null rates', async () => {
    const query = { from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' };
    const body = (await getFunnel(query)).json<FunnelResponse>();
    expect(body.totals).toEqual({ leads: 0, open: 0, won: 0, lost: 0 });
    expect(body.winRate).toBeNull();
    expect(body.closeRate).toBeNull();
    expect(body.stages.map((s) => s.stage)).toEqual(['qualify', 'demo', 'proposal', 'negotiation']);
    for (const stage of body.stages) {
      expect(stage).toMatchObject({ reached: 0, current: 0, lost: 0 });
      expect(stage.conversionToNext).toBeNull();
      expect(stage.cumulativeConversion).toBeNull();
    }
    const nobody = (await getFunnel({ ownerId: 'nobody' })).json<FunnelResponse>();
    expect(nobody).toEqual(referenceFunnel(events, pipelines, { ownerId: 'nobody' }));
  });

  const invalid: [string, Record<string, string>][] = [
    ['an unknown parameter', { pipelineID: 'default' }],
    ['an unknown window', { window: 'pipeline' }],
    ['an unknown mode', { mode: 'visited' }],
    ['a malformed asOf', { asOf: '2025-03-10' }],
    ['a malformed instant', { from: 'yesterday' }],
    ['from equal to to', { from: '2025-03-10T00:00:00Z', to: '2025-03-10T00:00:00Z' }],
    ['from after to', { from: '2025-03-11T00:00:00Z', to: '2025-03-10T00:00:00Z' }],
    ['an empty owner', { ownerId: '' }],
    ['a malformed pipeline id', { pipelineId: 'no spaces' }],
  ];

  it.each(invalid)('rejects %s with 400 validation_error', async (_name, query) => {
    const res = await getFunnel(query);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const problem = res.json<{ code: string; status: number; errors: { path: string }[] }>();
    expect(problem).toMatchObject({ code: 'validation_error', status: 400 });
    expect(problem.errors.length).toBeGreaterThan(0);
  });

  it('names the offending field and says why', async () => {
    const window = await getFunnel({ window: 'weekly' });
    const [issue] = window.json<{ errors: { path: string; message: string }[] }>().errors;
    expect(issue?.path).toBe('querystring.window');
    expect(issue?.message).toMatch(/activity/);
    const order = await getFunnel({ from: '2025-03-11T00:00:00Z', to: '2025-03-10T00:00:00Z' });
    expect(order.json()).toMatchObject({
      errors: [{ path: 'querystring.to', message: '`from` must be before `to`' }],
    });
  });

  it('answers an unknown pipeline with 404 not_found', async () => {
    const res = await getFunnel({ pipelineId: 'enterprise' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'not_found', status: 404 });
  });
});
