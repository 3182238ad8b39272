import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFixture, newLeadId, type CommandFixture } from './testing/command-fixture.js';

/**
 * The commands of real CRM histories over HTTP: move back, reopen, change amount, reassign —
 * what they write when accepted, and that each refusal has its contract code and writes nothing.
 */
let fx: CommandFixture;
beforeAll(async () => {
  fx = await commandFixture();
});
afterAll(() => fx.close());

const day = (d: number) => `2025-03-${String(d).padStart(2, '0')}T09:00:00.000Z`;
const eur = (value: number) => ({ value, currency: 'EUR' });

async function lead(...steps: [string, Record<string, unknown>][]): Promise<string> {
  const leadId = await fx.createLead(newLeadId('crm'), { occurredAt: day(1), ownerId: 'ada' });
  for (const [action, body] of steps) {
    const res = await fx.post(`/v1/leads/${leadId}/${action}`, body);
    if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
  }
  return leadId;
}

async function eventsOf(leadId: string) {
  const res = await fx.get(`/v1/leads/${leadId}/events`);
  return res.json<{ events: { type: string; version: number; data: unknown }[] }>().events;
}

describe('real CRM histories over HTTP', () => {
  it('moves back, changes the amount, reassigns, loses, reopens and wins', async () => {
    const leadId = await lead(
      ['advance', { toStage: 'proposal', occurredAt: day(2) }],
      ['move-back', { toStage: 'demo', occurredAt: day(3) }],
      ['change-amount', { amount: { value: 90_000, currency: 'USD' }, occurredAt: day(4) }],
      ['reassign', { ownerId: 'bob', occurredAt: day(5) }],
      ['lose', { reason: 'price', occurredAt: day(6) }],
    );
    const reopened = await fx.post(`/v1/leads/${leadId}/reopen`, {
      toStage: 'negotiation',
      occurredAt: day(7),
    });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toEqual({ leadId, version: 7, stage: 'negotiation', status: 'open' });
    expect(reopened.headers.etag).toBe('"7"');

    const events = await eventsOf(leadId);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['LeadCreated', expect.anything()],
      ['StageAdvanced', { fromStage: 'qualify', toStage: 'proposal' }],
      ['StageMovedBack', { fromStage: 'proposal', toStage: 'demo' }],
      [
        'AmountChanged',
        { amount: { value: 90_000, currency: 'USD' }, previousAmount: eur(100_000) },
      ],
      ['OwnerReassigned', { ownerId: 'bob', previousOwnerId: 'ada' }],
      ['DealLost', { reason: 'price', fromStage: 'demo' }],
      ['DealReopened', { fromStage: 'lost', toStage: 'negotiation' }],
    ]);

    const won = await fx.post(`/v1/leads/${leadId}/win`, { occurredAt: day(8) });
    expect(won.statusCode).toBe(200);
    const view = (await fx.get(`/v1/leads/${leadId}`)).json<Record<string, unknown>>();
    expect(view).toMatchObject({
      status: 'won',
      amount: { value: 90_000, currency: 'USD' },
      ownerId: 'bob',
      closedAt: day(8),
      version: 8,
    });
  });

  it('imports the new actions in a history line too', async () => {
    const leadId = newLeadId('crm-import');
    const line = {
      leadId,
      commands: [
        { action: 'create', name: 'Ada', amount: eur(5), occurredAt: day(1) },
        { action: 'advance', toStage: 'demo', occurredAt: day(2) },
        { action: 'move-back', toStage: 'qualify', occurredAt: day(3) },
        { action: 'win', occurredAt: day(4) },
        { action: 'reopen', toStage: 'demo', occurredAt: day(5) },
      ],
    };
    const res = await fx.app.inject({
      method: 'POST',
      url: '/v1/imports',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify(line)}\n`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await eventsOf(leadId)).map((e) => e.type)).toEqual([
      'LeadCreated',
      'StageAdvanced',
      'StageMovedBack',
      'DealWon',
      'DealReopened',
    ]);
  });
});

describe('refusals of the new commands change nothing', () => {
  const cases: [string, () => Promise<string>, string, unknown, number, string][] = [
    [
      'move back to a later stage',
      () => lead(),
      'move-back',
      { toStage: 'demo' },
      422,
      'invalid_transition',
    ],
    [
      'move back to the same stage',
      () => lead(['advance', { toStage: 'demo', occurredAt: day(2) }]),
      'move-back',
      { toStage: 'demo' },
      422,
      'invalid_transition',
    ],
    [
      'move back to an unknown stage',
      () => lead(['advance', { toStage: 'demo', occurredAt: day(2) }]),
      'move-back',
      { toStage: 'checkout' },
      422,
      'invalid_transition',
    ],
    [
      'move back a lost lead',
      () =>
        lead(
          ['advance', { toStage: 'demo', occurredAt: day(2) }],
          ['lose', { reason: 'price', occurredAt: day(3) }],
        ),
      'move-back',
      { toStage: 'qualify' },
      409,
      'lead_closed',
    ],
    ['reopen an open deal', () => lead(), 'reopen', { toStage: 'demo' }, 409, 'lead_not_closed'],
    [
      'reopen into a closed stage',
      () => lead(['win', { occurredAt: day(2) }]),
      'reopen',
      { toStage: 'lost' },
      422,
      'invalid_transition',
    ],
    [
      'a negative amount',
      () => lead(),
      'change-amount',
      { amount: eur(-1) },
      400,
      'validation_error',
    ],
    [
      'a fractional amount',
      () => lead(),
      'change-amount',
      { amount: eur(1.5) },
      400,
      'validation_error',
    ],
    [
      'an absurd amount',
      () => lead(),
      'change-amount',
      { amount: eur(1e300) },
      400,
      'validation_error',
    ],
    [
      'an amount without currency',
      () => lead(),
      'change-amount',
      { amount: { value: 5 } },
      400,
      'validation_error',
    ],
    [
      'the amount it has',
      () => lead(),
      'change-amount',
      { amount: eur(100_000) },
      422,
      'invalid_transition',
    ],
    [
      'a new amount on a won deal',
      () => lead(['win', { occurredAt: day(2) }]),
      'change-amount',
      { amount: eur(1) },
      409,
      'lead_closed',
    ],
    [
      'reassign to the owner it has',
      () => lead(),
      'reassign',
      { ownerId: 'ada' },
      422,
      'invalid_transition',
    ],
    [
      'reassign to an empty owner',
      () => lead(),
      'reassign',
      { ownerId: '' },
      400,
      'validation_error',
    ],
    [
      'reassign a won deal',
      () => lead(['win', { occurredAt: day(2) }]),
      'reassign',
      { ownerId: 'bob' },
      409,
      'lead_closed',
    ],
    [
      'reassign an unknown lead',
      () => Promise.resolve('no-such-lead'),
      'reassign',
      { ownerId: 'bob' },
      404,
      'lead_not_found',
    ],
    [
      'an unknown member',
      () => lead(),
      'reassign',
      { ownerId: 'bob', extra: 1 },
      400,
      'validation_error',
    ],
  ];

  it.each(cases)('%s', async (_, setUp, action, body, status, code) => {
    const leadId = await setUp();
    const before = await fx.counts();
    const eventsBefore = leadId === 'no-such-lead' ? [] : await eventsOf(leadId);
    const res = await fx.post(`/v1/leads/${leadId}/${action}`, body);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect({ status: res.statusCode, code: res.json<{ code: string }>().code }, res.body).toEqual({
      status,
      code,
    });
    expect(await fx.counts()).toEqual(before);
    if (leadId !== 'no-such-lead') expect(await eventsOf(leadId)).toEqual(eventsBefore);
  });
});
