import { generateHistory, parsePrometheusText } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

let fx: QueryFixture;
beforeAll(async () => {
  fx = await startQueryFixture(
    generateHistory({ leads: 20, seed: 5, start: '2025-03-01T00:00:00.000Z' }),
  );
});
afterAll(() => fx.close());

describe('GET /metrics of the query service', () => {
  it('counts requests by route template and status, with process and event-loop metrics', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await fx.app.inject({ method: 'GET', url: '/v1/funnel' })).statusCode).toBe(200);
    }
    const bad = await fx.app.inject({ method: 'GET', url: '/v1/funnel?window=sideways' });
    expect(bad.statusCode).toBe(400);
    const res = await fx.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    const m = parsePrometheusText(res.body);
    const funnel = { method: 'GET', route: '/v1/funnel' };
    expect(m.value('http_request_duration_seconds_count', { ...funnel, status_code: '200' })).toBe(
      3,
    );
    expect(m.value('http_request_duration_seconds_count', { ...funnel, status_code: '400' })).toBe(
      1,
    );
    expect(m.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(m.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
  });
});
