import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, newLeadId, type CommandFixture } from './testing/command-fixture.js';

let fx: CommandFixture;
let openLead: string;
let wonLead: string;
let lostLead: string;

beforeAll(async () => {
  fx = await commandFixture();
  openLead = await fx.createLead(newLeadId('open'), { occurredAt: '2025-03-01T09:00:00.000Z' });
  await fx.post(`/v1/leads/${openLead}/advance`, {
    toStage: 'proposal',
    occurredAt: '2025-03-05T09:00:00.000Z',
  });
  wonLead = await fx.createLead(newLeadId('won'));
  await fx.post(`/v1/leads/${wonLead}/win`, {});
  lostLead = await fx.createLead(newLeadId('lost'));
  await fx.post(`/v1/leads/${lostLead}/lose`, { reason: 'timing' });
});
afterAll(() => fx.close());

const eur = (value: unknown) => ({ value, currency: 'EUR' });
const validCreate = { name: 'Ada', amount: eur(100) };

interface Case {
  name: string;
  url: () => string;
  payload: unknown;
  headers?: Record<string, string>;
}

/** Sends the request; asserts the problem answer and that not a single row was written. */
async function expectRejected(c: Case, status: number, code: string) {
  const before = await fx.counts();
  const res = await fx.post(c.url(), c.payload, c.headers);
  expect(res.headers['content-type'], c.name).toMatch(/^application\/problem\+json/);
  const body = res.json<{
    code: string;
    status: number;
    detail: string;
    type: string;
    title: string;
  }>();
  expect({ status: res.statusCode, code: body.code }, `${c.name}: ${res.body}`).toEqual({
    status,
    code,
  });
  expect(body.status).toBe(status);
  expect(body.detail).toBeTruthy();
  expect(await fx.counts(), c.name).toEqual(before);
  return body;
}

describe('400 validation_error, nothing written', () => {
  const cases: Case[] = [
    { name: 'malformed JSON', url: () => '/v1/leads', payload: '{"name": "Ada",' },
    { name: 'body is an array', url: () => '/v1/leads', payload: [validCreate] },
    { name: 'missing name', url: () => '/v1/leads', payload: { amount: eur(1) } },
    { name: 'wrong type', url: () => '/v1/leads', payload: { name: 42, amount: eur(1) } },
    { name: 'unknown field', url: () => '/v1/leads', payload: { ...validCreate, stage: 'won' } },
    {
      name: 'unknown field inside amount',
      url: () => '/v1/leads',
      payload: { name: 'Ada', amount: { value: 1, currency: 'EUR', fx: 1.1 } },
    },
    { name: 'negative amount', url: () => '/v1/leads', payload: { name: 'Ada', amount: eur(-1) } },
    {
      name: 'fractional amount',
      url: () => '/v1/leads',
      payload: { name: 'Ada', amount: eur(1.5) },
    },
    {
      name: 'amount beyond MAX_SAFE_INTEGER',
      url: () => '/v1/leads',
      payload: '{"name":"Ada","amount":{"value":9007199254740993,"currency":"EUR"}}',
    },
    {
      name: 'amount as string',
      url: () => '/v1/leads',
      payload: { name: 'Ada', amount: eur('100') },
    },
    {
      name: 'lower-case currency',
      url: () => '/v1/leads',
      payload: { name: 'Ada', amount: { value: 1, currency: 'eur' } },
    },
    {
      name: 'impossible date',
      url: () => '/v1/leads',
      payload: { ...validCreate, occurredAt: '2025-02-30T10:00:00Z' },
    },
    {
      name: 'date without time',
      url: () => '/v1/leads',
      payload: { ...validCreate, occurredAt: '2025-03-01' },
    },
    {
      name: 'date with offset',
      url: () => '/v1/leads',
      payload: { ...validCreate, occurredAt: '2025-03-01T10:00:00+02:00' },
    },
    {
      name: 'occurredAt far in the future',
      url: () => '/v1/leads',
      payload: { ...validCreate, occurredAt: new Date(Date.now() + 3_600_000).toISOString() },
    },
    {
      name: 'bad leadId in body',
      url: () => '/v1/leads',
      payload: { ...validCreate, leadId: 'a b' },
    },
    {
      name: 'too long leadId in body',
      url: () => '/v1/leads',
      payload: { ...validCreate, leadId: 'x'.repeat(65) },
    },
    {
      name: 'unknown pipeline',
      url: () => '/v1/leads',
      payload: { ...validCreate, pipelineId: 'nope' },
    },
    { name: 'empty name', url: () => '/v1/leads', payload: { name: '', amount: eur(1) } },
    {
      name: 'bad leadId in path',
      url: () => '/v1/leads/a%20b/advance',
      payload: { toStage: 'demo' },
    },
    { name: 'too long leadId in path', url: () => `/v1/leads/${'x'.repeat(65)}/win`, payload: {} },
    { name: 'advance without toStage', url: () => `/v1/leads/${openLead}/advance`, payload: {} },
    { name: 'lose without reason', url: () => `/v1/leads/${openLead}/lose`, payload: {} },
    {
      name: 'lost reason not configured',
      url: () => `/v1/leads/${openLead}/lose`,
      payload: { reason: 'aliens' },
    },
    {
      name: 'win in another currency',
      url: () => `/v1/leads/${openLead}/win`,
      payload: { amount: { value: 1, currency: 'USD' } },
    },
    {
      name: 'malformed If-Match',
      url: () => `/v1/leads/${openLead}/advance`,
      payload: { toStage: 'negotiation' },
      headers: { 'if-match': 'W/"2"' },
    },
    {
      name: 'non-numeric If-Match',
      url: () => `/v1/leads/${openLead}/advance`,
      payload: { toStage: 'negotiation' },
      headers: { 'if-match': '"two"' },
    },
    {
      name: 'Idempotency-Key too long',
      url: () => '/v1/leads',
      payload: validCreate,
      headers: { 'idempotency-key': 'k'.repeat(129) },
    },
    {
      name: 'Idempotency-Key with spaces',
      url: () => '/v1/leads',
      payload: validCreate,
      headers: { 'idempotency-key': 'two words' },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      await expectRejected(c, 400, 'validation_error');
    });
  }

  it('lists the offending fields', async () => {
    const body = await expectRejected(
      { name: 'fields', url: () => '/v1/leads', payload: { name: 'Ada', amount: eur(-5) } },
      400,
      'validation_error',
    );
    expect((body as unknown as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(
      'body.amount.value',
    );
  });

  it('answers an oversized body (over 16 KiB) with 413 payload_too_large', async () => {
    await expectRejected(
      {
        name: 'big',
        url: () => '/v1/leads',
        payload: { ...validCreate, company: 'x'.repeat(17_000) },
      },
      413,
      'payload_too_large',
    );
  });
});

describe('domain and concurrency rejections, nothing written', () => {
  it('404 lead_not_found for commands and reads of an unknown lead', async () => {
    const missing = newLeadId('missing');
    await expectRejected(
      { name: 'advance', url: () => `/v1/leads/${missing}/advance`, payload: { toStage: 'demo' } },
      404,
      'lead_not_found',
    );
    await expectRejected(
      { name: 'win', url: () => `/v1/leads/${missing}/win`, payload: {} },
      404,
      'lead_not_found',
    );
    await expectRejected(
      { name: 'lose', url: () => `/v1/leads/${missing}/lose`, payload: { reason: 'price' } },
      404,
      'lead_not_found',
    );
    for (const url of [`/v1/leads/${missing}`, `/v1/leads/${missing}/events`]) {
      const res = await fx.get(url);
      expect(res.statusCode).toBe(404);
      expect(res.json<{ code: string }>().code).toBe('lead_not_found');
    }
  });

  it('409 lead_exists when the client-chosen id is taken', async () => {
    await expectRejected(
      { name: 'dup', url: () => '/v1/leads', payload: { ...validCreate, leadId: openLead } },
      409,
      'lead_exists',
    );
  });

  it('409 lead_closed for any change to a won or lost lead', async () => {
    await expectRejected(
      {
        name: 'advance won',
        url: () => `/v1/leads/${wonLead}/advance`,
        payload: { toStage: 'demo' },
      },
      409,
      'lead_closed',
    );
    await expectRejected(
      { name: 'lose won', url: () => `/v1/leads/${wonLead}/lose`, payload: { reason: 'price' } },
      409,
      'lead_closed',
    );
    await expectRejected(
      { name: 'win lost', url: () => `/v1/leads/${lostLead}/win`, payload: {} },
      409,
      'lead_closed',
    );
  });

  it('409 version_conflict when If-Match is not the current version', async () => {
    for (const ifMatch of ['"1"', '3', '"0"']) {
      const body = await expectRejected(
        {
          name: ifMatch,
          url: () => `/v1/leads/${openLead}/advance`,
          payload: { toStage: 'negotiation' },
          headers: { 'if-match': ifMatch },
        },
        409,
        'version_conflict',
      );
      expect(body).toMatchObject({ currentVersion: 2 });
    }
  });

  it('422 invalid_transition for backward, same-stage, unknown-stage and out-of-order moves', async () => {
    const url = () => `/v1/leads/${openLead}/advance`;
    await expectRejected(
      { name: 'backward', url, payload: { toStage: 'demo' } },
      422,
      'invalid_transition',
    );
    await expectRejected(
      { name: 'same', url, payload: { toStage: 'proposal' } },
      422,
      'invalid_transition',
    );
    await expectRejected(
      { name: 'unknown', url, payload: { toStage: 'contract' } },
      422,
      'invalid_transition',
    );
    await expectRejected(
      { name: 'to won', url, payload: { toStage: 'won' } },
      422,
      'invalid_transition',
    );
    await expectRejected(
      {
        name: 'before previous event',
        url,
        payload: { toStage: 'negotiation', occurredAt: '2025-03-02T00:00:00.000Z' },
      },
      422,
      'invalid_transition',
    );
  });

  it('422 idempotency_key_reused for the same key with another request', async () => {
    const key = `key-${newLeadId()}`;
    const first = await fx.post('/v1/leads', validCreate, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    await expectRejected(
      {
        name: 'reuse',
        url: () => '/v1/leads',
        payload: { ...validCreate, name: 'Bob' },
        headers: { 'idempotency-key': key },
      },
      422,
      'idempotency_key_reused',
    );
  });

  it('404 not_found problem for unknown routes', async () => {
    const res = await fx.get('/v1/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ code: string }>().code).toBe('not_found');
  });
});
