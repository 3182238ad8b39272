import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createHttpApp } from './http-app.js';
import { RouteMethods } from './method-not-allowed.js';

describe('RouteMethods', () => {
  it('matches parameters by segment and leaves wildcards out', () => {
    const routes = new RouteMethods();
    routes.add({ method: 'GET', url: '/v1/leads/:leadId' });
    routes.add({ method: ['HEAD'], url: '/v1/leads/:leadId' });
    routes.add({ method: 'POST', url: '/v1/leads/:leadId/win' });
    routes.add({ method: 'OPTIONS', url: '*' });
    expect(routes.allowed('/v1/leads/a.b:c')).toEqual(['GET', 'HEAD']);
    expect(routes.allowed('/v1/leads/a/win')).toEqual(['POST']);
    expect(routes.allowed('/v1/leads/a/b')).toEqual([]);
    expect(routes.allowed('/v1/leadsX')).toEqual([]);
  });
});

describe('an unrouted method', () => {
  it('answers 405 with Allow on a known path, 404 on an unknown one', async () => {
    const app = await createHttpApp({
      logger: pino({ level: 'silent' }),
      title: 't',
      description: 'd',
      version: '1',
    });
    app.get('/things/:id', () => ({ ok: true }));
    app.post('/things', () => ({ ok: true }));
    await app.ready();

    const put = await app.inject({ method: 'PUT', url: '/things/7?x=1', payload: {} });
    expect(put.statusCode).toBe(405);
    expect(put.headers['allow']).toBe('GET, HEAD');
    expect(put.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(put.json()).toMatchObject({ status: 405, code: 'method_not_allowed' });

    const del = await app.inject({ method: 'DELETE', url: '/things' });
    expect(del.statusCode).toBe(405);
    expect(del.headers['allow']).toBe('POST');

    const unknown = await app.inject({ method: 'PUT', url: '/nothing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found' });
    await app.close();
  });
});
