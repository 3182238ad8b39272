import { loadHttpSecurity, tokenEntry } from '@dealflow/runtime';
import { generateHistory } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

const TOKENS = {
  metrics: 'query-metrics-token-0123456789',
  writer: 'query-writer-token-0123456789',
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let fx: QueryFixture;
beforeAll(async () => {
  const events = generateHistory({ leads: 10, seed: 7, start: '2025-03-01T00:00:00.000Z' });
  fx = await startQueryFixture(events, {
    security: loadHttpSecurity({
      AUTH_TOKENS: [
        tokenEntry(TOKENS.metrics, ['metrics:read']),
        tokenEntry(TOKENS.writer, ['leads:write']),
      ].join('\n'),
    }),
  });
});
afterAll(() => fx.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  fx.app.inject({ method: 'GET', url, headers });

describe('query API with authentication on', () => {
  it('answers /v1 only to metrics:read: 401 without or with a bad token, 403 without the scope', async () => {
    for (const url of ['/v1/funnel', '/v1/pipelines']) {
      const none = await get(url);
      expect(none.statusCode, url).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="dealflow"');
      expect((await get(url, bearer('guess'))).statusCode).toBe(401);
      const wrong = await get(url, bearer(TOKENS.writer));
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json<{ code: string }>().code).toBe('forbidden');
      const right = await get(url, bearer(TOKENS.metrics));
      expect(right.statusCode).toBe(200);
      // Metrics answers may be kept and revalidated (ETag); the others are not kept at all.
      expect(right.headers['cache-control']).toBe(url === '/v1/funnel' ? 'no-cache' : 'no-store');
      // A cached answer is no way around authentication.
      const tagged = { 'if-none-match': '*' };
      expect((await get(url, tagged)).statusCode).toBe(401);
    }
    const funnel = await get('/v1/funnel', bearer(TOKENS.metrics));
    expect(funnel.json<{ totals: { leads: number } }>().totals.leads).toBe(10);
  });

  it('lists leads only to leads:read or leads:write: names and companies are personal data', async () => {
    const one = (await get('/v1/leads?limit=1', bearer(TOKENS.writer))).json<{
      leads: { leadId: string }[];
    }>().leads[0];
    if (one === undefined) throw new Error('no lead listed');
    for (const url of ['/v1/leads', `/v1/leads/${one.leadId}`]) {
      expect((await get(url)).statusCode, url).toBe(401);
      const metrics = await get(url, bearer(TOKENS.metrics));
      expect(metrics.statusCode, url).toBe(403);
      expect(metrics.json<{ code: string }>().code).toBe('forbidden');
      expect((await get(url, bearer(TOKENS.writer))).statusCode, url).toBe(200);
    }
  });

  it('refuses the live stream without metrics:read (the open stream is tested with a token elsewhere)', async () => {
    expect((await get('/v1/stream')).statusCode).toBe(401);
    expect((await get('/v1/stream', bearer('guess'))).statusCode).toBe(401);
    const wrong = await get('/v1/stream', bearer(TOKENS.writer));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json<{ code: string }>().code).toBe('forbidden');
  });

  it('serves no dashboard unless configured', async () => {
    expect((await get('/dashboard/')).statusCode).toBe(404);
  });

  it('keeps /health and the docs public, and sets the security headers', async () => {
    const health = await get('/health');
    expect(health.statusCode).toBe(200);
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/docs/')).statusCode).toBe(200);
  });

  it('declares the scope of every /v1 operation in the OpenAPI document', async () => {
    const doc = (await get('/docs/json')).json<{
      paths: Record<string, Record<string, { security?: unknown }>>;
    }>();
    const v1 = Object.entries(doc.paths).filter(([path]) => path.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThanOrEqual(2);
    for (const [path, operations] of v1) {
      for (const [method, operation] of Object.entries(operations)) {
        // Either scope grants a lead list: one security requirement each.
        const expected = path.startsWith('/v1/leads')
          ? [{ bearerAuth: ['leads:read'] }, { bearerAuth: ['leads:write'] }]
          : [{ bearerAuth: ['metrics:read'] }];
        expect(operation.security, `${method} ${path}`).toEqual(expected);
      }
    }
    expect(doc.paths['/health']?.get?.security).toBeUndefined();
  });
});
