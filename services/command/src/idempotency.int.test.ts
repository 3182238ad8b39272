import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, newLeadId, type CommandFixture } from './testing/command-fixture.js';

let fx: CommandFixture;
beforeAll(async () => {
  fx = await commandFixture();
});
afterAll(() => fx.close());

const create = (leadId?: string) => ({
  ...(leadId === undefined ? {} : { leadId }),
  name: 'Ada',
  amount: { value: 5_000, currency: 'EUR' },
});
const REPLAYED_HEADERS = ['etag', 'location', 'x-dealflow-position', 'content-type'] as const;
const pick = (headers: Record<string, unknown>) =>
  Object.fromEntries(REPLAYED_HEADERS.map((h) => [h, headers[h]]));

describe('Idempotency-Key', () => {
  it('replays the first create byte for byte and writes nothing', async () => {
    const key = `create-${newLeadId()}`;
    const first = await fx.post('/v1/leads', create(), { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    const before = await fx.counts();
    // Same request, keys of the body in another order: still the same request.
    const again = await fx.post(
      '/v1/leads',
      { amount: { currency: 'EUR', value: 5_000 }, name: 'Ada' },
      { 'idempotency-key': key },
    );
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(pick(again.headers)).toEqual(pick(first.headers));
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await fx.counts()).toEqual(before);
  });

  it('replays a transition even after the lead moved on, with the original position', async () => {
    const leadId = await fx.createLead();
    const key = `adv-${leadId}`;
    const first = await fx.post(
      `/v1/leads/${leadId}/advance`,
      { toStage: 'demo' },
      { 'idempotency-key': key, 'if-match': '"1"' },
    );
    expect(first.statusCode).toBe(200);
    await fx.post(`/v1/leads/${leadId}/advance`, { toStage: 'proposal' });
    const before = await fx.counts();
    const again = await fx.post(
      `/v1/leads/${leadId}/advance`,
      { toStage: 'demo' },
      { 'idempotency-key': key, 'if-match': '1' },
    );
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(pick(again.headers)).toEqual(pick(first.headers));
    expect(await fx.counts()).toEqual(before);
  });

  it('scopes keys by route and lead: the same key elsewhere is another request', async () => {
    const a = await fx.createLead();
    const b = await fx.createLead();
    const key = `shared-${a}`;
    const ra = await fx.post(
      `/v1/leads/${a}/advance`,
      { toStage: 'demo' },
      { 'idempotency-key': key },
    );
    const rb = await fx.post(
      `/v1/leads/${b}/advance`,
      { toStage: 'demo' },
      { 'idempotency-key': key },
    );
    expect([ra.statusCode, rb.statusCode]).toEqual([200, 200]);
    expect(ra.json<{ leadId: string }>().leadId).toBe(a);
    expect(rb.json<{ leadId: string }>().leadId).toBe(b);
  });

  it('treats a different If-Match as a different request', async () => {
    const leadId = await fx.createLead();
    const key = `ifm-${leadId}`;
    await fx.post(
      `/v1/leads/${leadId}/advance`,
      { toStage: 'demo' },
      { 'idempotency-key': key, 'if-match': '"1"' },
    );
    const other = await fx.post(
      `/v1/leads/${leadId}/advance`,
      { toStage: 'demo' },
      { 'idempotency-key': key, 'if-match': '"2"' },
    );
    expect(other.statusCode).toBe(422);
    expect(other.json<{ code: string }>().code).toBe('idempotency_key_reused');
  });

  it('does not store error answers: the same key may be retried once the request is fixed', async () => {
    const key = `err-${newLeadId()}`;
    const leadId = newLeadId();
    const failed = await fx.post(
      `/v1/leads/${leadId}/advance`,
      { toStage: 'demo' },
      { 'idempotency-key': key },
    );
    expect(failed.statusCode).toBe(404);
    const keysBefore = (await fx.counts()).keys;
    await fx.createLead(leadId);
    const ok = await fx.post(
      `/v1/leads/${leadId}/advance`,
      { toStage: 'demo' },
      { 'idempotency-key': key },
    );
    expect(ok.statusCode).toBe(200);
    expect((await fx.counts()).keys).toBe(keysBefore + 1);
  });

  it('ignores expired keys: the request runs again', async () => {
    const key = `old-${newLeadId()}`;
    const first = await fx.post('/v1/leads', create(), { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    await sql`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = ${key}`.execute(
      fx.tdb.db,
    );
    const second = await fx.post(
      '/v1/leads',
      { ...create(), name: 'Other' },
      { 'idempotency-key': key },
    );
    expect(second.statusCode).toBe(201);
    expect(second.json<{ leadId: string }>().leadId).not.toBe(
      first.json<{ leadId: string }>().leadId,
    );
    const rows = await fx.tdb.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('key', '=', key)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('answers concurrent requests with the same key once: one write, the rest replays', async () => {
    const before = await fx.counts();
    const key = `race-${newLeadId()}`;
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => fx.post('/v1/leads', create(), { 'idempotency-key': key })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(new Set(responses.map((r) => r.headers['x-dealflow-position'])).size).toBe(1);
    expect(await fx.counts()).toEqual({
      events: before.events + 1,
      outbox: before.outbox + 1,
      keys: before.keys + 1,
    });
  });

  it('answers concurrent transitions with the same key once', async () => {
    const leadId = await fx.createLead();
    const before = await fx.counts();
    const key = `race-win-${leadId}`;
    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        fx.post(`/v1/leads/${leadId}/win`, {}, { 'idempotency-key': key }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(12).fill(200));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect((await fx.counts()).events).toBe(before.events + 1);
  });
});
