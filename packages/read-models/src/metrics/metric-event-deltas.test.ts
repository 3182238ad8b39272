import { b2cPipeline, defaultPipeline, loadPipelines } from '@dealflow/domain';
import { generateHistory } from '@dealflow/testkit';
import { describe, expect, it } from 'vitest';
import { foldFunnel } from '../funnel/fold.js';
import type { MetricCounter, MetricEventDelta } from './metric-counters.js';
import { metricScope } from './metric-scope.js';

const pipelines = loadPipelines();
const events = generateHistory({
  leads: 300,
  seed: 5,
  start: '2025-03-01T00:00:00Z',
  pipelines: [defaultPipeline, b2cPipeline],
});
const sum = (rows: readonly MetricEventDelta[], counter: MetricCounter) =>
  rows.reduce((a, r) => a + r[counter], 0);

describe('metric rows of the fold', () => {
  const folded = foldFunnel({ pipelines, leads: new Map(), events });

  it('add up to the leads: created = leads, current = open, won/lost = closed', () => {
    const rows = folded.metricEvents;
    expect(sum(rows, 'created')).toBe(folded.leads.length);
    expect(sum(rows, 'current')).toBe(folded.leads.filter((l) => l.status === 'open').length);
    expect(sum(rows, 'won')).toBe(folded.leads.filter((l) => l.status === 'won').length);
    expect(sum(rows, 'lost')).toBe(folded.leads.filter((l) => l.status === 'lost').length);
    const openAmount = folded.leads
      .filter((l) => l.status === 'open')
      .reduce((a, l) => a + l.amount, 0);
    expect(sum(rows, 'open_amount')).toBe(openAmount);
  });

  it('are not produced again by a redelivery (same input twice)', () => {
    const stored = new Map(folded.leads.map((l) => [l.lead_id, l]));
    const again = foldFunnel({ pipelines, leads: stored, events });
    expect(again.metricEvents).toEqual([]);
  });

  it('carry a visit on every leaving row and a cycle on every win and win taken back', () => {
    for (const row of folded.metricEvents) {
      // A lead leaves a stage (a visit ends) or only its amount or owner moves (no visit).
      if (row.visit_ms !== null) expect(row.current).toBe(-1);
      expect(row.cycle_ms !== null).toBe(row.won !== 0);
      if (row.visit_ms !== null) expect(row.visit_ms).toBeGreaterThanOrEqual(0);
      if (row.cycle_ms !== null) expect(row.cycle_ms).toBeGreaterThanOrEqual(0);
    }
    const moves = folded.metricEvents.filter((r) => r.current === -1 && r.visit_ms === null);
    expect(moves.length).toBeGreaterThan(0);
    expect(folded.metricEvents.some((r) => r.won === -1 && r.won_amount < 0)).toBe(true);
  });
});

describe('metricScope', () => {
  const now = Date.parse('2025-04-01T00:00:00Z');
  const from = new Date('2025-03-01T00:00:00Z');
  const to = new Date('2025-03-10T00:00:00Z');
  const asOf = new Date('2025-03-05T12:00:00Z');

  it('cohort: created in [from, to), events up to asOf inclusive', () => {
    expect(metricScope({ from, to, asOf }, now)).toMatchObject({
      created: { from: from.getTime(), to: to.getTime() },
      flow: { from: -Infinity, to: asOf.getTime() + 1 },
      start: null,
      ageAt: asOf.getTime(),
    });
  });

  it('activity: events in [from, min(to, asOf]), the stock before from', () => {
    expect(metricScope({ window: 'activity', from, to, asOf }, now)).toMatchObject({
      created: { from: -Infinity, to: Infinity },
      flow: { from: from.getTime(), to: asOf.getTime() + 1 },
      start: { from: -Infinity, to: from.getTime() },
      ageAt: asOf.getTime(),
    });
    expect(metricScope({ window: 'activity', to }, now)).toMatchObject({
      start: null,
      ageAt: to.getTime(),
    });
  });
});
