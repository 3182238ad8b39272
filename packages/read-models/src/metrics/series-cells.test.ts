import { describe, expect, it } from 'vitest';
import { zeroCounters, type MetricEventDelta } from './metric-counters.js';
import { SERIES_TABLES, seriesCells } from './series-cells.js';

const row = (over: Partial<MetricEventDelta>): MetricEventDelta => ({
  ...zeroCounters(),
  lead_id: 'lead-1',
  version: 1,
  pipeline_id: 'default',
  owner_id: 'ada',
  source: 'web',
  created_at: new Date('2025-03-03T09:00:00.000Z'),
  occurred_at: new Date('2025-03-04T23:59:59.999Z'),
  stage: 'qualify',
  currency: 'EUR',
  reason: '',
  cycle_ms: null,
  visit_ms: null,
  ...over,
});

const [activity, cross] = SERIES_TABLES;
if (activity === undefined || cross === undefined) throw new Error('series tables missing');

describe('seriesCells', () => {
  it('sums the flows of a day and currency over stages and reasons, in every rollup', () => {
    const cells = seriesCells(activity, [
      row({ created: 1, stage: 'qualify', reached: 1, current: 1 }),
      row({ won: 1, won_amount: 500, stage: 'negotiation', reason: 'best_fit' }),
      row({ lost: 1, stage: 'demo', reason: 'price', lost_amount: 200 }),
    ]);
    expect(cells.map((c) => c.key)).toEqual([
      ['default', '0', 'ada', 'web', '2025-03-04', 'EUR'],
      ['default', '1', '', 'web', '2025-03-04', 'EUR'],
      ['default', '2', 'ada', '', '2025-03-04', 'EUR'],
      ['default', '3', '', '', '2025-03-04', 'EUR'],
    ]);
    for (const cell of cells) {
      expect(cell.values).toEqual({ created: 1, advanced: 0, won: 1, lost: 1, won_amount: 500 });
    }
  });

  it('keys the cross cells by the creation day too, and drops rows and cells with no flow', () => {
    const cells = seriesCells(cross, [
      row({ reached: 1, touched: 1, current: 1, open_amount: 900 }),
      row({ won: 1, won_amount: 500 }),
      row({ won: -1, won_amount: -500 }),
      row({ advanced: 1, currency: 'USD' }),
    ]);
    expect(cells.map((c) => [c.key.slice(1, 2), c.key.slice(4), c.values.advanced])).toEqual([
      [['0'], ['2025-03-03', '2025-03-04', 'USD'], 1],
      [['1'], ['2025-03-03', '2025-03-04', 'USD'], 1],
      [['2'], ['2025-03-03', '2025-03-04', 'USD'], 1],
      [['3'], ['2025-03-03', '2025-03-04', 'USD'], 1],
    ]);
  });
});
