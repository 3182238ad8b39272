import { parsePrometheusText } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, type CommandFixture } from './testing/command-fixture.js';

let fx: CommandFixture;
beforeAll(async () => {
  fx = await commandFixture();
});
afterAll(() => fx.close());

const scrape = async () => {
  const res = await fx.app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(res.body);
};

describe('GET /metrics of the command service', () => {
  it('counts requests by route template and status, and shows the outbox backlog', async () => {
    for (const name of ['Acme', 'Globex']) {
      const res = await fx.app.inject({
        method: 'POST',
        url: '/v1/leads',
        payload: { name, amount: { value: 1000, currency: 'EUR' } },
      });
      expect(res.statusCode).toBe(201);
    }
    const lost = await fx.app.inject({ method: 'GET', url: '/v1/leads/no-such-lead' });
    expect(lost.statusCode).toBe(404);
    const m = await scrape();
    expect(m.types.get('http_request_duration_seconds')).toBe('histogram');
    const posts = { method: 'POST', route: '/v1/leads', status_code: '201' };
    expect(m.value('http_request_duration_seconds_count', posts)).toBe(2);
    // A template, never the id: the label set stays bounded.
    expect(
      m.value('http_request_duration_seconds_count', {
        route: '/v1/leads/:leadId',
        status_code: '404',
      }),
    ).toBe(1);
    // No relay runs in this fixture: both events wait in the outbox.
    expect(m.value('dealflow_outbox_backlog')).toBe(2);
    expect(m.value('dealflow_outbox_oldest_age_seconds')).toBeGreaterThan(0);
    expect(m.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(m.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });
});
