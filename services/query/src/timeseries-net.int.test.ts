import { SCHEMA_VERSIONS, type LeadEvent } from '@dealflow/events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startQueryFixture, type QueryFixture } from './testing/query-fixture.js';

/**
 * A time series shows net flows per bucket and currency (docs/crm-histories.md): a win taken
 * back and won again at another amount in one week leaves `won` 0 there and the difference of
 * the amounts; a win taken back in the week it was won leaves nothing. So the won amounts of
 * all buckets add up to the amounts won in the end.
 */
let fixture: QueryFixture;

const at = (day: string) => `2025-03-${day}T09:00:00.000Z`;
const money = (value: number, currency: string) => ({ value, currency });

function lead(leadId: string, drafts: [day: string, type: LeadEvent['type'], data: object][]) {
  return drafts.map(
    ([day, type, data], i) =>
      ({
        id: `0195${String(i + 1).padStart(4, '0')}-0000-7000-8000-${leadId.charCodeAt(5).toString(16).padStart(12, '0')}`,
        leadId,
        version: i + 1,
        pipelineId: 'default',
        occurredAt: at(day),
        recordedAt: at(day),
        metadata: { actor: 'user:example' },
        type,
        schemaVersion: SCHEMA_VERSIONS[type],
        data,
      }) as LeadEvent,
  );
}

beforeAll(async () => {
  fixture = await startQueryFixture([
    ...lead('lead-X', [
      [
        '03',
        'LeadCreated',
        { name: 'X', ownerId: 'ada', amount: money(100, 'EUR'), stage: 'qualify' },
      ],
      ['03', 'StageAdvanced', { fromStage: 'qualify', toStage: 'negotiation' }],
      ['04', 'DealWon', { fromStage: 'negotiation', amount: money(100, 'EUR') }],
      ['11', 'DealReopened', { fromStage: 'won', toStage: 'negotiation' }],
      ['11', 'AmountChanged', { amount: money(250, 'EUR'), previousAmount: money(100, 'EUR') }],
      ['12', 'DealWon', { fromStage: 'negotiation', amount: money(250, 'EUR') }],
    ]),
    ...lead('lead-Y', [
      [
        '10',
        'LeadCreated',
        { name: 'Y', ownerId: 'bob', amount: money(70, 'USD'), stage: 'qualify' },
      ],
      ['11', 'DealWon', { fromStage: 'qualify', amount: money(70, 'USD') }],
      ['12', 'DealReopened', { fromStage: 'won', toStage: 'qualify' }],
    ]),
    // Week of the 24th: Z won again at a higher amount, nothing else (counts net to zero).
    ...lead('lead-Z', [
      [
        '17',
        'LeadCreated',
        { name: 'Z', ownerId: 'ada', amount: money(100, 'USD'), stage: 'negotiation' },
      ],
      ['18', 'DealWon', { fromStage: 'negotiation', amount: money(100, 'USD') }],
      ['24', 'DealReopened', { fromStage: 'won', toStage: 'negotiation' }],
      ['24', 'AmountChanged', { amount: money(180, 'USD'), previousAmount: money(100, 'USD') }],
      ['25', 'DealWon', { fromStage: 'negotiation', amount: money(180, 'USD') }],
    ]),
    // Week of the 31st: W advances, V's win is taken back (+1 and −1).
    ...lead('lead-W', [
      [
        '17',
        'LeadCreated',
        { name: 'W', ownerId: 'bob', amount: money(10, 'USD'), stage: 'qualify' },
      ],
      ['31', 'StageAdvanced', { fromStage: 'qualify', toStage: 'demo' }],
    ]),
    ...lead('lead-V', [
      [
        '17',
        'LeadCreated',
        { name: 'V', ownerId: 'bob', amount: money(40, 'USD'), stage: 'negotiation' },
      ],
      ['18', 'DealWon', { fromStage: 'negotiation', amount: money(40, 'USD') }],
      ['31', 'DealReopened', { fromStage: 'won', toStage: 'negotiation' }],
    ]),
  ]);
});
afterAll(async () => {
  await fixture?.close();
});

interface WeekPoint {
  start: string;
  created: number;
  advanced: number;
  won: number;
  lost: number;
  wonAmount: Record<string, number>;
}

/** The weekly series of the whole history. */
async function weeks(): Promise<WeekPoint[]> {
  const res = await fixture.app.inject({
    method: 'GET',
    url: '/v1/metrics/timeseries',
    query: { interval: 'week' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ points: WeekPoint[] }>().points;
}

it('nets wins, reopenings and won amounts per bucket and currency', async () => {
  const firstWeeks = (await weeks()).filter((p) => p.start < '2025-03-17');
  expect(firstWeeks.map(({ start, won, wonAmount }) => ({ start, won, wonAmount }))).toEqual([
    { start: '2025-03-03T00:00:00.000Z', won: 1, wonAmount: { EUR: 100 } },
    // X: −1 and +1 at 250 (net 0, EUR +150); Y: won and taken back (nothing in USD).
    { start: '2025-03-10T00:00:00.000Z', won: 0, wonAmount: { EUR: 150 } },
  ]);
});

it('lists a bucket whose counts add up to zero but do not each net to zero', async () => {
  expect((await weeks()).filter((p) => p.start >= '2025-03-24')).toEqual([
    // Z: −1 and +1 at 180 (won nets to 0, USD +80).
    {
      start: '2025-03-24T00:00:00.000Z',
      created: 0,
      advanced: 0,
      won: 0,
      lost: 0,
      wonAmount: { USD: 80 },
    },
    // W's advance and V's win taken back.
    {
      start: '2025-03-31T00:00:00.000Z',
      created: 0,
      advanced: 1,
      won: -1,
      lost: 0,
      wonAmount: { USD: -40 },
    },
  ]);
});
