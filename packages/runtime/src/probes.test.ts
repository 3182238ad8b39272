import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createHttpApp } from './http-app.js';
import { registerProbes, type ReadinessCheck } from './probes.js';

async function appWith(checks: Record<string, ReadinessCheck>, timeoutMs?: number) {
  const app = await createHttpApp({
    logger: pino({ level: 'silent' }),
    title: 't',
    description: 'd',
    version: '1',
    // Authentication on: the probes must still answer without credentials.
    security: {
      auth: { enabled: true, tokens: [], jwt: null },
      rateLimit: null,
      corsOrigins: [],
      trustProxy: false,
    },
  });
  registerProbes(app, checks, timeoutMs);
  await app.ready();
  return app;
}

const up: ReadinessCheck = async () => {};
const down: ReadinessCheck = () => Promise.reject(new Error('connect ECONNREFUSED'));

describe('registerProbes', () => {
  it('is ready, without credentials, when every dependency answers', async () => {
    const app = await appWith({ database: up, kafka: up });
    const live = await app.inject({ url: '/livez' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', checks: { database: 'up', kafka: 'up' } });
  });

  it('is alive but not ready when a dependency fails, and names it', async () => {
    const app = await appWith({ database: up, kafka: down });
    expect((await app.inject({ url: '/livez' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({
      status: 'unavailable',
      checks: { database: 'up', kafka: 'down' },
    });
  });

  it('counts a dependency that does not answer in time as down', async () => {
    const hang: ReadinessCheck = () => new Promise(() => {});
    const app = await appWith({ database: hang }, 50);
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ checks: { database: 'down' } });
  });

  it('documents both probes in the OpenAPI document', async () => {
    const app = await appWith({ database: up });
    const doc = (await app.inject({ url: '/docs/json' })).json<{
      paths: Record<string, unknown>;
    }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/livez', '/readyz']));
  });
});
