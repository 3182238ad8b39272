import { createDealflowClient, ifMatch, isStale, positionOf, versionOf } from '@dealflow/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('the typed client against the running services', () => {
  it('sends commands with Idempotency-Key and If-Match, reads leads, and queries its writes', async () => {
    const dealflow = createDealflowClient({
      commandUrl: stack.command.url,
      queryUrl: stack.query.url,
    });
    const leadId = 'client-e2e-1';
    const body = { leadId, name: 'Acme', amount: { value: 1_200_000, currency: 'EUR' } };
    const create = () =>
      dealflow.command.POST('/v1/leads', {
        params: { header: { 'idempotency-key': 'client-e2e-create' } },
        body,
      });

    const created = await create();
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual({ leadId, version: 1, stage: 'qualify', status: 'open' });
    expect(versionOf(created.response)).toBe(1);
    expect(positionOf(created.response)).toMatch(/^\d+$/);

    const replayed = await create();
    expect(replayed.response.status).toBe(201);
    expect(replayed.data).toEqual(created.data);
    expect(replayed.response.headers.get('idempotent-replayed')).toBe('true');

    const advanced = await dealflow.command.POST('/v1/leads/{leadId}/advance', {
      params: { path: { leadId }, header: { 'if-match': ifMatch(1) } },
      body: { toStage: 'demo' },
    });
    expect(advanced.data).toEqual({ leadId, version: 2, stage: 'demo', status: 'open' });

    const stale = await dealflow.command.POST('/v1/leads/{leadId}/advance', {
      params: { path: { leadId }, header: { 'if-match': ifMatch(1) } },
      body: { toStage: 'proposal' },
    });
    expect(stale.response.status).toBe(409);
    expect(stale.error?.code).toBe('version_conflict');

    const lead = await dealflow.command.GET('/v1/leads/{leadId}', { params: { path: { leadId } } });
    expect(lead.data).toMatchObject({ leadId, version: 2, stage: 'demo', name: 'Acme' });
    expect(versionOf(lead.response)).toBe(2);

    const events = await dealflow.command.GET('/v1/leads/{leadId}/events', {
      params: { path: { leadId } },
    });
    expect(events.data?.events.map((event) => [event.type, event.version])).toEqual([
      ['LeadCreated', 1],
      ['StageAdvanced', 2],
    ]);

    const won = await dealflow.command.POST('/v1/leads/{leadId}/win', {
      params: { path: { leadId }, header: { 'if-match': ifMatch(2) } },
      body: { reason: 'best fit' },
    });
    expect(won.data).toEqual({ leadId, version: 3, stage: 'won', status: 'won' });

    // Read-your-writes: the query waits until the read models include the win.
    const minPosition = positionOf(won.response);
    const funnel = await dealflow.query.GET('/v1/funnel', {
      params: { header: { 'x-dealflow-min-position': minPosition } },
    });
    expect(isStale(funnel.response)).toBe(false);
    expect(funnel.data?.totals).toEqual({ leads: 1, open: 0, won: 1, lost: 0 });
    const summary = await dealflow.query.GET('/v1/metrics/summary', {
      params: {
        query: { pipelineId: 'default' },
        header: { 'x-dealflow-min-position': minPosition },
      },
    });
    expect(summary.data?.averageDealSize).toEqual({
      EUR: { mean: 1_200_000, median: 1_200_000, count: 1 },
    });

    const refused = await dealflow.query.GET('/v1/metrics/timeseries', {
      params: {
        query: { interval: 'day', from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' },
      },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.code).toBe('validation_error');

    const pipelines = await dealflow.query.GET('/v1/pipelines');
    expect(pipelines.data?.pipelines.map((pipeline) => pipeline.id)).toContain('default');
  });
});
