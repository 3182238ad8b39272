import { generateHistory } from '@dealflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

/**
 * Bad input to the metrics endpoints, each with its exact code. The generative fuzz test
 * (fuzz.int.test.ts) covers the same ground at random; these pin the cases that were bugs and
 * the ones it may hit too rarely to count on.
 */
let fx: QueryFixture;

beforeAll(async () => {
  const events = generateHistory({ leads: 10, seed: 5, start: '2025-03-01T00:00:00.000Z' });
  fx = await startQueryFixture(events, { minPositionWaitMs: 1 });
});
afterAll(() => fx.close());

const ENDPOINTS = [
  '/v1/funnel',
  '/v1/metrics/summary',
  '/v1/metrics/lost-reasons',
  '/v1/metrics/won-reasons',
  '/v1/metrics/stage-durations',
  '/v1/metrics/timeseries',
];

interface Case {
  name: string;
  query: string;
  headers?: Record<string, string | string[]>;
  status?: number;
  code?: string;
}

const cases: Case[] = [
  { name: 'unknown parameter', query: 'colour=red' },
  { name: 'repeated parameter', query: 'pipelineId=default&pipelineId=b2c' },
  { name: 'bracket parameter', query: 'from[]=2025-03-01T00:00:00Z' },
  { name: 'month 13', query: 'from=2025-13-01T00:00:00Z' },
  { name: 'February 30th', query: 'asOf=2025-02-30T00:00:00Z' },
  { name: '"yesterday"', query: 'to=yesterday' },
  { name: 'date without time', query: 'from=2025-03-01' },
  { name: 'epoch millis', query: 'asOf=1700000000000' },
  { name: 'from after to', query: 'from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z' },
  { name: 'from equal to', query: 'from=2025-03-02T00:00:00Z&to=2025-03-02T00:00:00Z' },
  // Both were 500s: Postgres has no year 0, and bucket arithmetic past 9999 wrote "+010000".
  { name: 'year 0000 (was a 500)', query: 'from=0000-01-01T00:00:00Z' },
  { name: 'year 9999 (was a 500)', query: 'asOf=9999-12-31T23:59:59.999Z' },
  { name: 'NUL in ownerId (was a 500)', query: 'ownerId=a%00b' },
  { name: 'NUL in source (was a 500)', query: 'source=%00' },
  { name: 'window unknown', query: 'window=rolling' },
  { name: 'pipelineId with a slash', query: 'pipelineId=..%2Fdefault' },
  { name: 'pipelineId too long', query: `pipelineId=${'p'.repeat(65)}` },
  { name: 'ownerId too long', query: `ownerId=${'o'.repeat(201)}` },
  { name: 'empty ownerId', query: 'ownerId=' },
  { name: 'Min-Position negative', query: '', headers: { 'x-dealflow-min-position': '-1' } },
  { name: 'Min-Position fractional', query: '', headers: { 'x-dealflow-min-position': '1.5' } },
  { name: 'Min-Position exponent', query: '', headers: { 'x-dealflow-min-position': '1e3' } },
  {
    name: 'Min-Position 16 digits',
    query: '',
    headers: { 'x-dealflow-min-position': '9'.repeat(16) },
  },
  {
    name: 'two Min-Position headers',
    query: '',
    headers: { 'x-dealflow-min-position': ['1', '2'] },
  },
  { name: 'unknown pipeline', query: 'pipelineId=nope', status: 404, code: 'not_found' },
];

describe('bad input to the metrics endpoints: exact code, problem+json', () => {
  for (const c of cases) {
    it(c.name, async () => {
      for (const path of ENDPOINTS) {
        const url = c.query === '' ? path : `${path}?${c.query}`;
        const res = await fx.app.inject({ method: 'GET', url, headers: c.headers ?? {} });
        const body = res.json<{ code: string; status: number; detail: string }>();
        expect({ status: res.statusCode, code: body.code }, `${url}: ${res.body}`).toEqual({
          status: c.status ?? 400,
          code: c.code ?? 'validation_error',
        });
        expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
        expect(body.detail, url).toBeTruthy();
      }
    });
  }

  it('never parses a body sent with a GET, however large or malformed', async () => {
    for (const payload of ['{"pipelineId":', JSON.stringify({ padding: 'p'.repeat(100_000) })]) {
      const res = await fx.app.inject({
        method: 'GET',
        url: '/v1/funnel',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode).toBe(200);
    }
  });

  it('answers a URL the router cannot decode with a problem, not Fastify JSON', async () => {
    const res = await fx.app.inject({ method: 'GET', url: '/v1/metrics/%zz' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json<{ code: string }>().code).toBe('validation_error');
  });
});
