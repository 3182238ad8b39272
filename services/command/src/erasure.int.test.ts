import { loadHttpSecurity, tokenEntry } from '@dealflow/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, newLeadId, type CommandFixture } from './testing/command-fixture.js';

const TOKENS = {
  writer: 'erasure-writer-token-0123456789',
  privacy: 'erasure-privacy-token-0123456789',
  both: 'erasure-both-token-0123456789abc',
};
const as = (token: string) => ({ authorization: `Bearer ${token}` });
const NAME = 'Zebulon Quaxwright';
const COMPANY = 'Quaxwright Pelagic Holdings';

let fx: CommandFixture;
beforeAll(async () => {
  fx = await commandFixture({
    security: loadHttpSecurity({
      AUTH_TOKENS: [
        tokenEntry(TOKENS.writer, ['leads:write']),
        tokenEntry(TOKENS.privacy, ['privacy']),
        tokenEntry(TOKENS.both, ['leads:write', 'privacy']),
      ].join(','),
      RATE_LIMIT_MAX: '0',
    }),
  });
});
afterAll(() => fx.close());

/** Every stored byte that could hold the person: events, snapshots, idempotency keys. */
async function storedText(): Promise<string> {
  const { rows } = await sql<{ text: string }>`
    SELECT coalesce((SELECT string_agg(data::text || metadata::text, ' ') FROM events), '') ||
           coalesce((SELECT string_agg(state::text, ' ') FROM lead_snapshots), '') ||
           coalesce((SELECT string_agg(request_hash || result::text, ' ') FROM idempotency_keys), '')
           AS text
  `.execute(fx.tdb.db);
  return rows[0]?.text ?? '';
}

async function create(leadId: string, headers = as(TOKENS.writer)) {
  const res = await fx.post(
    '/v1/leads',
    { leadId, name: NAME, company: COMPANY, amount: { value: 5_000, currency: 'EUR' } },
    { ...headers, 'idempotency-key': `create-${leadId}` },
  );
  expect(res.statusCode).toBe(201);
}

const keyRow = (leadId: string) =>
  fx.tdb.db.selectFrom('lead_keys').selectAll().where('lead_id', '=', leadId).executeTakeFirst();

describe('POST /v1/leads/{id}/erase', () => {
  it('stores personal fields sealed only, and opens them for a reader', async () => {
    const leadId = newLeadId('seal');
    await create(leadId);
    expect(await storedText()).not.toMatch(/Zebulon|Quaxwright/);
    const row = await keyRow(leadId);
    expect(row?.key?.length).toBe(32);
    expect(row?.erased_at).toBeNull();
    const lead = await fx.get(`/v1/leads/${leadId}`, as(TOKENS.writer));
    expect(lead.json()).toMatchObject({ name: NAME, company: COMPANY, erased: false });
    const events = await fx.get(`/v1/leads/${leadId}/events`, as(TOKENS.writer));
    expect(events.body).toMatch(/"name":"enc:v1:/);
    expect(events.body).not.toMatch(/Zebulon|Quaxwright/);
  });

  it('deletes the key, appends LeadErased, reads as erased; the lead keeps working', async () => {
    const leadId = newLeadId('erase');
    await create(leadId);
    const res = await fx.post(`/v1/leads/${leadId}/erase`, {}, as(TOKENS.privacy));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ leadId, version: 2, stage: 'qualify', status: 'open' });
    const row = await keyRow(leadId);
    expect(row?.key).toBeNull();
    expect(row?.erased_at).toBeInstanceOf(Date);
    const lead = await fx.get(`/v1/leads/${leadId}`, as(TOKENS.writer));
    expect(lead.json()).toMatchObject({ name: null, company: null, erased: true, version: 2 });
    const { events } = (await fx.get(`/v1/leads/${leadId}/events`, as(TOKENS.writer))).json<{
      events: { type: string; data: unknown }[];
    }>();
    expect(events.map((e) => e.type)).toEqual(['LeadCreated', 'LeadErased']);
    expect(events[1]?.data).toEqual({});

    // Numbers keep working: the erased lead advances and wins.
    for (const [action, body] of [
      ['advance', { toStage: 'demo' }],
      ['win', {}],
    ] as const) {
      const next = await fx.post(`/v1/leads/${leadId}/${action}`, body, as(TOKENS.writer));
      expect(next.statusCode).toBe(200);
    }
    expect(await storedText()).not.toMatch(/Zebulon|Quaxwright/);
  });

  it('makes the creating request unreplayable: a repeat is refused, never answered', async () => {
    const leadId = newLeadId('idem');
    await create(leadId);
    const erase = (key: string) =>
      fx.post(`/v1/leads/${leadId}/erase`, {}, { ...as(TOKENS.both), 'idempotency-key': key });
    expect((await erase('erase-1')).statusCode).toBe(200);
    const before = await fx.counts();
    const repeat = await fx.post(
      '/v1/leads',
      { leadId, name: NAME, company: COMPANY, amount: { value: 5_000, currency: 'EUR' } },
      { ...as(TOKENS.writer), 'idempotency-key': `create-${leadId}` },
    );
    expect(repeat.statusCode).toBe(422);
    expect(repeat.json<{ code: string }>().code).toBe('idempotency_key_reused');
    // The erasure's own key still replays.
    const again = await erase('erase-1');
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await fx.counts()).toEqual(before);
  });

  it('refuses bad input with contract codes and changes nothing', async () => {
    const leadId = newLeadId('bad');
    await create(leadId);
    expect((await fx.post(`/v1/leads/${leadId}/erase`, {}, as(TOKENS.privacy))).statusCode).toBe(
      200,
    );
    const before = await fx.counts();
    const keyBefore = await keyRow(leadId);
    const cases = [
      {
        url: `/v1/leads/${leadId}/erase`,
        body: {},
        token: TOKENS.privacy,
        status: 409,
        code: 'already_erased',
      },
      {
        url: '/v1/leads/no-such-lead/erase',
        body: {},
        token: TOKENS.privacy,
        status: 404,
        code: 'lead_not_found',
      },
      {
        url: `/v1/leads/${leadId}/erase`,
        body: {},
        token: TOKENS.writer,
        status: 403,
        code: 'forbidden',
      },
      {
        url: `/v1/leads/${leadId}/erase`,
        body: { name: 'x' },
        token: TOKENS.privacy,
        status: 400,
        code: 'validation_error',
      },
    ];
    for (const c of cases) {
      const res = await fx.post(c.url, c.body, as(c.token));
      expect([res.statusCode, res.json<{ code: string }>().code]).toEqual([c.status, c.code]);
    }
    const other = newLeadId('bad');
    await create(other);
    const forbidden = await fx.post(`/v1/leads/${other}/erase`, {}, as(TOKENS.writer));
    expect(forbidden.statusCode).toBe(403);
    expect((await keyRow(other))?.key?.length).toBe(32);
    expect(await keyRow(leadId)).toEqual(keyBefore);
    const after = await fx.counts();
    expect({
      ...after,
      events: after.events - 1,
      outbox: after.outbox - 1,
      keys: after.keys - 1,
    }).toEqual(before);
  });

  it('is not importable: an import is sent with leads:write', async () => {
    const leadId = newLeadId('imp');
    const line = JSON.stringify({
      leadId,
      commands: [
        { action: 'create', name: NAME, amount: { value: 5, currency: 'EUR' } },
        { action: 'erase' },
      ],
    });
    const res = await fx.app.inject({
      method: 'POST',
      url: '/v1/imports',
      headers: { 'content-type': 'application/x-ndjson', ...as(TOKENS.both) },
      payload: `${line}\n`,
    });
    expect(res.body).toMatch(/unknown action \\"erase\\"/);
    expect(await keyRow(leadId)).toBeUndefined();
  });
});
