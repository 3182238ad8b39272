import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './app-error.js';
import { createHttpApp } from './http-app.js';
import { problemSchema } from './problem-schema.js';

async function app() {
  const a = await createHttpApp({
    logger: pino({ level: 'silent' }),
    title: 't',
    description: 'd',
    version: '1',
    bodyLimit: 1024,
  });
  a.post('/things', { schema: { body: z.strictObject({ n: z.number().int() }) } }, (req) => ({
    n: req.body.n,
  }));
  a.get('/fail', () => {
    throw new Error('secret internals');
  });
  a.get('/down', () => {
    throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  });
  a.get('/who', (req) => ({ principal: req.principal }));
  a.get(
    '/gone',
    {
      schema: {
        response: { 200: z.object({ ok: z.boolean() }), 404: problemSchema.describe('gone') },
      },
    },
    () => {
      throw new AppError('lead_not_found', 'no lead x');
    },
  );
  await a.ready();
  return a;
}

describe('createHttpApp', () => {
  it('answers schema violations with problem+json validation_error listing the fields', async () => {
    const res = await (await app()).inject({ method: 'POST', url: '/things', payload: { n: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json<{ code: string; errors: { path: string }[] }>();
    expect(body.code).toBe('validation_error');
    expect(body.errors[0]?.path).toBe('body.n');
  });

  it('rejects unknown fields of strict bodies', async () => {
    const res = await (
      await app()
    ).inject({ method: 'POST', url: '/things', payload: { n: 1, extra: true } });
    expect(res.statusCode).toBe(400);
  });

  it('answers malformed JSON and oversized bodies with stable codes', async () => {
    const a = await app();
    const bad = await a.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"n":',
    });
    expect(bad.json<{ code: string }>().code).toBe('validation_error');
    const big = await a.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ n: 1, pad: 'x'.repeat(2048) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json<{ code: string }>().code).toBe('payload_too_large');
  });

  it('hides 5xx details, maps AppError and unavailable dependencies', async () => {
    const a = await app();
    const fail = await a.inject({ method: 'GET', url: '/fail' });
    expect(fail.statusCode).toBe(500);
    expect(fail.body).not.toContain('secret internals');
    const gone = await a.inject({ method: 'GET', url: '/gone' });
    expect(gone.json<{ code: string; status: number }>()).toMatchObject({
      code: 'lead_not_found',
      status: 404,
    });
    const down = await a.inject({ method: 'GET', url: '/down' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('2');
  });

  it('echoes a well-formed request id and serves the OpenAPI document', async () => {
    const a = await app();
    const res = await a.inject({
      method: 'GET',
      url: '/docs/json',
      headers: { 'x-request-id': 'abc-1' },
    });
    expect(res.headers['x-request-id']).toBe('abc-1');
    const doc = res.json<{
      paths: Record<string, { get?: { responses: Record<string, { content: object }> } }>;
    }>();
    expect(doc.paths).toHaveProperty('/things');
    // Errors are documented with the media type they are served with.
    const responses = doc.paths['/gone']?.get?.responses;
    expect(Object.keys(responses?.['200']?.content ?? {})).toEqual(['application/json']);
    expect(Object.keys(responses?.['404']?.content ?? {})).toEqual(['application/problem+json']);
    const gone = await a.inject({ method: 'GET', url: '/gone' });
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    const missing = await a.inject({ method: 'GET', url: '/nope' });
    expect(missing.json<{ code: string }>().code).toBe('not_found');
  });

  it('binds the request and correlation ids to every log line of a request', async () => {
    const lines: { reqId?: string; correlationId?: string; msg?: string }[] = [];
    const sink = { write: (line: string) => void lines.push(JSON.parse(line) as never) };
    const a = await createHttpApp({
      logger: pino({ level: 'info' }, sink),
      title: 't',
      description: 'd',
      version: '1',
    });
    a.get('/hi', (req) => {
      req.log.info('handled');
      return { ok: true };
    });
    await a.ready();
    const given = await a.inject({
      method: 'GET',
      url: '/hi',
      headers: { 'x-request-id': 'req-7', 'x-correlation-id': 'corr-7' },
    });
    expect(given.headers['x-correlation-id']).toBe('corr-7');
    const own = await a.inject({ method: 'GET', url: '/hi', headers: { 'x-request-id': 'req-8' } });
    expect(own.headers['x-correlation-id']).toBe('req-8');
    const handled = lines.filter((l) => l.msg === 'handled');
    expect(handled.map((l) => [l.reqId, l.correlationId])).toEqual([
      ['req-7', 'corr-7'],
      ['req-8', 'req-8'],
    ]);
    // Fastify's own request lines carry both too.
    const own8 = lines.filter((l) => l.reqId === 'req-8');
    expect(own8.length).toBeGreaterThan(1);
    expect(own8.every((l) => l.correlationId === 'req-8')).toBe(true);
  });

  it('sets the security headers even without security options; nobody is authenticated', async () => {
    const res = await (await app()).inject({ method: 'GET', url: '/who' });
    expect(res.json()).toEqual({ principal: null });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-ratelimit-limit']).toBeUndefined();
  });
});
