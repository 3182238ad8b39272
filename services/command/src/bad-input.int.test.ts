import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, newLeadId, type CommandFixture } from './testing/command-fixture.js';

/**
 * Bad input the generative fuzz test (fuzz.int.test.ts) may hit too rarely to count on, each
 * with its exact code and the proof that nothing was written. errors.int.test.ts has the rest.
 */
let fx: CommandFixture;
let lead: string;

beforeAll(async () => {
  fx = await commandFixture();
  lead = await fx.createLead(newLeadId('bad'), { occurredAt: '2025-03-01T09:00:00.000Z' });
});
afterAll(() => fx.close());

const amount = { value: 100, currency: 'EUR' };
const create = (extra: Record<string, unknown>) =>
  JSON.stringify({ name: 'Ada', amount, ...extra });

interface Case {
  name: string;
  method?: 'POST' | 'GET';
  url: string | (() => string);
  payload?: string;
  headers?: Record<string, string | string[]>;
  status: number;
  code: string;
}

async function expectRefused(c: Case): Promise<void> {
  const before = await fx.counts();
  const res = await fx.app.inject({
    method: c.method ?? 'POST',
    url: typeof c.url === 'string' ? c.url : c.url(),
    headers: { 'content-type': 'application/json', ...c.headers },
    ...(c.payload !== undefined && { payload: c.payload }),
  });
  expect(res.headers['content-type'], c.name).toMatch(/^application\/problem\+json/);
  const body = res.json<{
    code: string;
    status: number;
    type: string;
    title: string;
    detail: string;
  }>();
  expect({ status: res.statusCode, code: body.code }, `${c.name}: ${res.body}`).toEqual({
    status: c.status,
    code: c.code,
  });
  expect(body.status).toBe(c.status);
  expect(body.type && body.title && body.detail, c.name).toBeTruthy();
  expect(await fx.counts(), c.name).toEqual(before);
}

const v400 = (name: string, rest: Omit<Case, 'name' | 'status' | 'code'>): Case => ({
  name,
  status: 400,
  code: 'validation_error',
  ...rest,
});

const cases: Case[] = [
  // Malformed JSON and what a JSON parser should refuse.
  v400('empty body', { url: '/v1/leads', payload: '' }),
  v400('NaN literal', { url: '/v1/leads', payload: create({}).replace('100', 'NaN') }),
  v400('two JSON documents', { url: '/v1/leads', payload: `${create({})}{}` }),
  v400('__proto__ key', {
    url: '/v1/leads',
    payload: create({}).replace('{', '{"__proto__":{"x":1},'),
  }),
  v400('deeply nested name', {
    url: '/v1/leads',
    payload: create({}).replace('"Ada"', `${'['.repeat(3000)}${']'.repeat(3000)}`),
  }),
  // Absurd numbers.
  v400('amount 1e400 (Infinity)', {
    url: '/v1/leads',
    payload: create({}).replace('100', '1e400'),
  }),
  v400('amount as hex', { url: '/v1/leads', payload: create({}).replace('100', '0x64') }),
  v400('amount 2^63', {
    url: '/v1/leads',
    payload: create({}).replace('100', '9223372036854775808'),
  }),
  // Bad dates.
  v400('month 13', { url: '/v1/leads', payload: create({ occurredAt: '2024-13-45T00:00:00Z' }) }),
  v400('"yesterday"', { url: '/v1/leads', payload: create({ occurredAt: 'yesterday' }) }),
  v400('six-digit year', {
    url: '/v1/leads',
    payload: create({ occurredAt: '+275760-09-13T00:00:00.000Z' }),
  }),
  v400('epoch millis', { url: '/v1/leads', payload: create({ occurredAt: 1_700_000_000_000 }) }),
  v400('far future', { url: '/v1/leads', payload: create({ occurredAt: '2999-01-01T00:00:00Z' }) }),
  // Free text Postgres cannot store (was a 500).
  v400('NUL in name', { url: '/v1/leads', payload: create({ name: 'a\u0000b' }) }),
  v400('NUL in company', { url: '/v1/leads', payload: create({ company: '\u0000' }) }),
  v400('NUL in lost note', {
    url: () => `/v1/leads/${lead}/lose`,
    payload: JSON.stringify({ reason: 'price', note: 'x\u0000' }),
  }),
  // Bad ids.
  v400('leadId "." (a URL dot segment)', { url: '/v1/leads', payload: create({ leadId: '.' }) }),
  v400('leadId ".."', { url: '/v1/leads', payload: create({ leadId: '..' }) }),
  v400('leadId with unicode', { url: '/v1/leads', payload: create({ leadId: 'lead-ü' }) }),
  v400('leadId SQL injection', {
    url: '/v1/leads',
    payload: create({ leadId: "x'; DROP TABLE events; --" }),
  }),
  v400('path traversal in body id', {
    url: '/v1/leads',
    payload: create({ leadId: '../../etc/passwd' }),
  }),
  v400('encoded slash in path id', {
    url: '/v1/leads/a%2Fb/advance',
    payload: '{"toStage":"demo"}',
  }),
  v400('bad percent-encoding in path (was Fastify JSON)', {
    url: '/v1/leads/%zz/advance',
    payload: '{"toStage":"demo"}',
  }),
  v400('5000-char path id (was a 414 in Fastify JSON)', {
    method: 'GET',
    url: `/v1/leads/${'x'.repeat(5000)}`,
  }),
  // Header abuse.
  v400('If-Match *', {
    url: () => `/v1/leads/${lead}/advance`,
    payload: '{"toStage":"demo"}',
    headers: { 'if-match': '*' },
  }),
  v400('If-Match beyond 15 digits', {
    url: () => `/v1/leads/${lead}/advance`,
    payload: '{"toStage":"demo"}',
    headers: { 'if-match': '"9999999999999999"' },
  }),
  v400('two If-Match headers', {
    url: () => `/v1/leads/${lead}/advance`,
    payload: '{"toStage":"demo"}',
    headers: { 'if-match': ['"1"', '"1"'] },
  }),
  v400('two Idempotency-Keys', {
    url: '/v1/leads',
    payload: create({}),
    headers: { 'idempotency-key': ['k1', 'k2'] },
  }),
  v400('Idempotency-Key with a tab', {
    url: '/v1/leads',
    payload: create({}),
    headers: { 'idempotency-key': 'a\tb' },
  }),
  v400('Idempotency-Key non-ASCII', {
    url: '/v1/leads',
    payload: create({}),
    headers: { 'idempotency-key': 'ключ' },
  }),
  // Media types.
  {
    name: 'text/plain',
    url: '/v1/leads',
    payload: create({}),
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'form-encoded',
    url: '/v1/leads',
    payload: 'name=Ada',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'oversized, not JSON',
    url: '/v1/leads',
    payload: 'x'.repeat(200_000),
    status: 413,
    code: 'payload_too_large',
  },
];

describe('bad input to the command API: exact code, nothing written', () => {
  for (const c of cases) {
    it(c.name, async () => {
      await expectRefused(c);
    });
  }
});
