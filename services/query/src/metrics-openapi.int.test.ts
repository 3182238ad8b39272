import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

let fixture: QueryFixture;
beforeAll(async () => {
  fixture = await startQueryFixture([]);
});
afterAll(async () => {
  await fixture?.close();
});

type Operation = {
  description?: string;
  responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
};

describe('the metrics endpoints are documented', () => {
  const paths = [
    '/v1/funnel',
    '/v1/metrics/summary',
    '/v1/metrics/lost-reasons',
    '/v1/metrics/won-reasons',
    '/v1/metrics/stage-durations',
    '/v1/metrics/timeseries',
  ];

  it.each(paths)('%s: definition, windows, asOf and an example in OpenAPI', async (path) => {
    const doc = (await fixture.app.inject({ method: 'GET', url: '/docs/json' })).json<{
      paths: Record<string, { get: Operation }>;
    }>();
    const op = doc.paths[path]?.get;
    expect(op?.description).toMatch(/activity/);
    expect(op?.description).toMatch(/asOf/);
    // @fastify/swagger moves the schema's example to the media type.
    expect(op?.responses['200']?.content?.['application/json']?.example).toBeTypeOf('object');
  });

  it('lists both pipelines with their stages and probabilities', async () => {
    const res = await fixture.app.inject({ method: 'GET', url: '/v1/pipelines' });
    const { pipelines } = res.json<{
      pipelines: { id: string; stages: { id: string; probability: number }[] }[];
    }>();
    expect(pipelines.map((p) => p.id)).toEqual(['default', 'b2c']);
    expect(pipelines[1]?.stages).toMatchObject([
      { id: 'interested', probability: 0.2 },
      { id: 'checkout', probability: 0.6 },
      { id: 'won', probability: 1 },
      { id: 'lost', probability: 0 },
    ]);
  });

  it('answers an empty read model with zeros and nulls, and 404 for an unknown pipeline', async () => {
    const summary = await fixture.app.inject({ method: 'GET', url: '/v1/metrics/summary' });
    expect(summary.json()).toMatchObject({
      leads: 0,
      winRate: null,
      closeRate: null,
      averageDealSize: {},
      salesCycleDays: { mean: null, median: null, p90: null, count: 0 },
      salesVelocity: { perDay: {}, opportunities: 0, cycleDays: null },
    });
    const unknown = await fixture.app.inject({
      method: 'GET',
      url: '/v1/metrics/lost-reasons?pipelineId=enterprise',
    });
    expect(unknown.statusCode).toBe(404);
    const bad = await fixture.app.inject({
      method: 'GET',
      url: '/v1/metrics/timeseries?interval=year',
    });
    expect(bad.statusCode).toBe(400);
  });
});
