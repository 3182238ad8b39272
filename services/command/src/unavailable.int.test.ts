import { createDb, type DbHandle } from '@dealflow/db';
import { loadPipelines } from '@dealflow/domain';
import type { HttpApp } from '@dealflow/runtime';
import { freePort } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommandApp } from './app.js';
import {
  authOff,
  commandFixture,
  testLogger,
  type CommandFixture,
} from './testing/command-fixture.js';

let fx: CommandFixture;
let down: DbHandle;
let app: HttpApp;

beforeAll(async () => {
  fx = await commandFixture();
  // The same app, but its pool points at a port where no Postgres listens.
  down = createDb({ url: `postgres://dealflow@127.0.0.1:${await freePort()}/dealflow`, max: 2 });
  app = await buildCommandApp({
    db: down.db,
    pipelines: loadPipelines(),
    logger: testLogger,
    security: authOff(),
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await down.close();
  await fx.close();
});

describe('Postgres unreachable', () => {
  const requests = [
    {
      method: 'POST',
      url: '/v1/leads',
      payload: { name: 'Ada', amount: { value: 1, currency: 'EUR' } },
    },
    { method: 'POST', url: '/v1/leads/lead-1/advance', payload: { toStage: 'demo' } },
    {
      method: 'POST',
      url: '/v1/leads/lead-1/win',
      payload: {},
      headers: { 'idempotency-key': 'k1' },
    },
    { method: 'POST', url: '/v1/leads/lead-1/lose', payload: { reason: 'price' } },
    { method: 'GET', url: '/v1/leads/lead-1' },
    { method: 'GET', url: '/v1/leads/lead-1/events' },
    { method: 'GET', url: '/health' },
  ] as const;

  for (const request of requests) {
    it(`${request.method} ${request.url} answers 503 unavailable with Retry-After`, async () => {
      const before = await fx.counts();
      const res = await app.inject(request);
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json<{ code: string }>().code).toBe('unavailable');
      expect(await fx.counts()).toEqual(before);
    });
  }

  it('still validates input first: a bad body is 400, not 503', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/leads', payload: { name: 1 } });
    expect(res.statusCode).toBe(400);
  });
});
