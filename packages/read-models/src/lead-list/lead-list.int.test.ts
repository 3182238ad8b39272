import { b2cPipeline, defaultPipeline, loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import {
  createTestDatabase,
  generateHistory,
  referenceLeadList,
  referenceLeads,
  type TestDatabase,
} from '@dealflow/testkit';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFunnelBatch } from '../funnel/apply.js';
import { foldFunnel } from '../funnel/fold.js';
import { readModelDdl, readModelSchemaName, type Lead } from '../read-model-schema.js';
import { applyLeadListBatch } from './apply-lead-list.js';
import type { LeadDetail, LeadListFilters, LeadListItem, LeadSortKey } from './lead-list-types.js';
import { LEAD_LIST_COUNT_CAP } from './list-conditions.js';
import { queryLeadList } from './query-lead-list.js';
import { queryLead } from './query-lead.js';
import type { TextPlan } from './text-matches.js';
import { wordLookups } from './text-pieces.js';

const pipelines = [defaultPipeline, b2cPipeline];
const start = '2025-03-01T00:00:00.000Z';
const DAY_MS = 86_400_000;
let tdb: TestDatabase;
let events: LeadEvent[];

async function storedLeads(ids: readonly string[]): Promise<Map<string, Lead>> {
  const { rows } = await sql<Lead>`
    SELECT lead_id, pipeline_id, owner_id, source, created_at, cohort_day::text AS cohort_day,
      stage, open_stage, furthest_position, status, currency, amount, stage_entered_at,
      closed_at, reason, version, last_occurred_at
    FROM ${sql.id(readModelSchemaName(1), 'leads')} WHERE lead_id = ANY(${[...ids]}::text[])
  `.execute(tdb.db);
  return new Map(rows.map((r) => [r.lead_id, { ...r, amount: Number(r.amount) }]));
}

/** One chunk through the projector's fold and both writers, in one transaction. */
async function applyChunk(chunk: readonly LeadEvent[]): Promise<void> {
  const stored = await storedLeads([...new Set(chunk.map((e) => e.leadId))]);
  const folded = foldFunnel({ pipelines: loadPipelines(), leads: stored, events: chunk });
  expect(folded.outcomes.every((o) => o.kind !== 'parked')).toBe(true);
  await tdb.db.transaction().execute(async (trx) => {
    await applyFunnelBatch(trx, 1, folded);
    await applyLeadListBatch(trx, 1, { stored, events: chunk, folded });
  });
}

beforeAll(async () => {
  tdb = await createTestDatabase('rm_lead_list');
  for (const statement of readModelDdl(1)) await sql.raw(statement).execute(tdb.db);
  events = generateHistory({ leads: 1800, seed: 23, start, pipelines, duplicateShare: 0.05 });
  // Uneven chunks, so a lead's visits span several of them; the third chunk comes twice.
  const cuts = [0, 700, 1500, 1501, 2600, events.length];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const chunk = events.slice(cuts[i], cuts[i + 1]);
    await applyChunk(chunk);
    if (i === 2) await applyChunk(events.slice(cuts[1], cuts[3]));
  }
});

afterAll(async () => {
  await tdb?.drop();
});

const listed = (lead: LeadDetail): LeadListItem => {
  const { timeline: _timeline, ...item } = lead;
  return item;
};

/** Every page of a list, following `next` until it is absent. */
async function allPages(
  filters: LeadListFilters,
  sort: LeadSortKey,
  order: 'asc' | 'desc',
  limit: number,
  options: { fewTextMatches?: number; textPlan?: TextPlan; textSample?: number } = {},
) {
  const seen: LeadListItem[] = [];
  let after: { value: string; leadId: string } | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const request = { filters, sort, order, limit, after };
    const page = await queryLeadList(tdb.db, 1, request, options);
    expect(page.leads.length).toBeLessThanOrEqual(limit);
    seen.push(...page.leads);
    if (page.next === undefined) return { seen };
    expect(page.leads.length).toBe(limit);
    after = page.next;
  }
  throw new Error('paging did not end');
}

async function expectReference(
  filters: LeadListFilters,
  sort: LeadSortKey = 'lastActivityAt',
  order: 'asc' | 'desc' = 'desc',
  limit = 50,
  options: { fewTextMatches?: number; textPlan?: TextPlan; textSample?: number } = {},
) {
  const expected = referenceLeadList(events, filters, sort, order).map(listed);
  const { seen } = await allPages(filters, sort, order, limit, options);
  expect(seen.map((l) => l.leadId)).toEqual(expected.map((l) => l.leadId));
  expect(seen).toEqual(expected);
  return expected.length;
}

describe('queryLeadList against the reference replay', () => {
  it('pages through every lead of each pipeline exactly once, in every order', async () => {
    for (const sort of ['lastActivityAt', 'createdAt', 'amount'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        expect(await expectReference({ pipelineId: 'default' }, sort, order, 97)).toBeGreaterThan(
          500,
        );
        await expectReference({ pipelineId: 'b2c' }, sort, order, 200);
      }
    }
  });

  it('filters on each dimension alone', async () => {
    const p = { pipelineId: 'default' };
    const day = (n: number) => new Date(Date.parse(start) + n * DAY_MS + 3_723_456);
    const cases: LeadListFilters[] = [
      { ...p, stage: 'demo' },
      { ...p, stage: 'won' },
      { ...p, status: 'lost' },
      { ...p, status: 'open' },
      { ...p, ownerId: 'owner-3' },
      { ...p, source: 'referral' },
      { ...p, currency: 'USD' },
      { ...p, currency: 'EUR', amountMin: 1_000_000, amountMax: 4_000_000 },
      { ...p, createdFrom: day(3), createdTo: day(9) },
      { ...p, activityFrom: day(20) },
      { ...p, activityTo: day(12) },
      { ...p, q: 'company a' },
      { ...p, q: 'LEAD' },
      { ...p, q: '%' },
      { ...p, q: 'nobody-has-this' },
    ];
    for (const filters of cases) {
      const n = await expectReference(filters, 'amount', 'desc', 40);
      if (filters.q !== 'nobody-has-this' && filters.q !== '%') expect(n).toBeGreaterThan(0);
    }
  });

  it('finds frequent text by testing each card along the sort index, with a lower-bound total', async () => {
    for (const q of ['company', 'lead 0', 'a']) {
      const filters = { pipelineId: 'default', q };
      const n = await expectReference(filters, 'createdAt', 'asc', 60, { fewTextMatches: 5 });
      expect(n).toBeGreaterThan(5);
      const page = await queryLeadList(
        tdb.db,
        1,
        { filters, sort: 'amount', order: 'desc', limit: 3 },
        { fewTextMatches: 5 },
      );
      expect(page.total.relation).toBe('gte');
      expect(page.total.value).toBeLessThanOrEqual(n);
    }
  });

  it('answers a text search alike by the words, the trigram index, the walk and the estimate', async () => {
    const plans = ['index', 'trigram', 'walk', 'estimate'] as const;
    // A word on most cards ("company", "lead") beside rare ones: the index looks up the rare.
    const commonAndRare = [
      'company 1a',
      'company 1',
      '1f company',
      'lead 1f company 2',
      ' company',
    ];
    for (const q of [
      'company a',
      'LEAD',
      'company',
      'a',
      '1f',
      '%',
      'nobody-has-this',
      ...commonAndRare,
    ]) {
      const filters = { pipelineId: 'default', q };
      const counts = new Set<number>();
      for (const textPlan of plans) {
        counts.add(await expectReference(filters, 'lastActivityAt', 'desc', 45, { textPlan }));
      }
      expect(counts.size).toBe(1);
      const totals = [];
      for (const textPlan of plans) {
        const request = { filters, sort: 'amount' as const, order: 'asc' as const, limit: 7 };
        totals.push((await queryLeadList(tdb.db, 1, request, { textPlan })).total);
      }
      const [n] = counts;
      if (q === 'company 1' || q === '1f company') expect(n).toBeGreaterThan(0);
      for (const total of totals) {
        // A lower bound when the walk answers, exact when an index does.
        if (total.relation === 'gte') expect(total.value).toBeLessThanOrEqual(n ?? 0);
        else expect(total.value).toBe(n);
      }
      const m = n ?? 0;
      const capped =
        m > LEAD_LIST_COUNT_CAP
          ? { value: LEAD_LIST_COUNT_CAP, relation: 'gte' }
          : { value: m, relation: 'eq' };
      // The words count every match of a text alone; the trigram way counts up to the cap.
      const byWords = wordLookups(q.toLowerCase()).length > 0;
      expect(totals[0]).toEqual(byWords ? { value: m, relation: 'eq' } : capped);
      expect(totals[1]).toEqual(capped);
    }
  });

  it('estimates from a sample of the cards: frequent text walks, rare text reads the index', async () => {
    // A sample of 300 of the 1800 cards and a "few" of 40, so both ways are taken here.
    const options = { textSample: 300, fewTextMatches: 40 };
    for (const q of ['company', 'lead 1', '1f', 'company a', 'company 1', 'nobody-has-this']) {
      const filters = { pipelineId: 'default', q };
      await expectReference(filters, 'createdAt', 'desc', 33, options);
      const request = { filters, sort: 'amount' as const, order: 'asc' as const, limit: 5 };
      const { total } = await queryLeadList(tdb.db, 1, request, options);
      const n = referenceLeadList(events, filters, 'amount', 'asc').length;
      if (total.relation === 'eq') expect(total.value).toBe(n);
      else expect(total.value).toBeLessThanOrEqual(n);
    }
    // The frequent text walks: its total is the sample's lower bound, below the whole count.
    const filters = { pipelineId: 'default', q: 'company' };
    const request = { filters, sort: 'amount' as const, order: 'asc' as const, limit: 5 };
    const { total } = await queryLeadList(tdb.db, 1, request, options);
    expect(total.relation).toBe('gte');
    expect(total.value).toBeLessThan(referenceLeadList(events, filters, 'amount', 'asc').length);
  });

  it('agrees on random filter combinations, sorts and page sizes', async () => {
    const instant = fc.integer({
      min: Date.parse(start) - DAY_MS,
      max: Date.parse(start) + 40 * DAY_MS,
    });
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          pipelineId: fc.constantFrom('default', 'b2c'),
          stage: maybe(fc.constantFrom('qualify', 'demo', 'proposal', 'won', 'lost')),
          status: maybe(fc.constantFrom('open' as const, 'won' as const, 'lost' as const)),
          ownerId: maybe(fc.constantFrom('owner-1', 'owner-4')),
          source: maybe(fc.constantFrom('web', 'event')),
          amountMin: maybe(fc.integer({ min: 0, max: 3_000_000 })),
          createdFrom: maybe(instant.map((t) => new Date(t))),
          activityTo: maybe(instant.map((t) => new Date(t))),
          q: maybe(fc.constantFrom('a', '1', 'company', 'lead 1', '7c', 'company a', 'd 1')),
        }),
        fc.constantFrom<LeadSortKey>('lastActivityAt', 'createdAt', 'amount'),
        fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom<TextPlan>('estimate', 'walk', 'index', 'trigram'),
        async (filters, sort, order, limit, textPlan) => {
          await expectReference(filters, sort, order, limit, { textPlan });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('counts exactly from the count cells, and caps other counts honestly', async () => {
    const exact = async (filters: LeadListFilters) => {
      // A text counted from its matches found by the trigram index (the walk's lower bound is
      // checked above).
      const request = { filters, sort: 'createdAt' as const, order: 'asc' as const, limit: 5 };
      const page = await queryLeadList(tdb.db, 1, request, { textPlan: 'index' });
      const n = referenceLeadList(events, filters, 'createdAt', 'asc').length;
      return { total: page.total, n };
    };
    for (const filters of [
      { pipelineId: 'default' },
      { pipelineId: 'default', stage: 'demo', ownerId: 'owner-2' },
      { pipelineId: 'b2c', status: 'won' as const, currency: 'EUR', source: 'web' },
      { pipelineId: 'default', q: 'company' },
      { pipelineId: 'b2c', createdFrom: new Date(start) },
    ]) {
      const { total, n } = await exact(filters);
      expect(total).toEqual(
        n > LEAD_LIST_COUNT_CAP && filters.q !== undefined
          ? { value: LEAD_LIST_COUNT_CAP, relation: 'gte' }
          : { value: n, relation: 'eq' },
      );
    }
    const { total, n } = await exact({ pipelineId: 'default', createdFrom: new Date(0) });
    expect(n).toBeGreaterThan(LEAD_LIST_COUNT_CAP);
    expect(total).toEqual({ value: LEAD_LIST_COUNT_CAP, relation: 'gte' });
  });
});

describe('queryLead', () => {
  it('answers each lead with its stage timeline, as the reference replays it', async () => {
    const reference = referenceLeads(events);
    expect(reference.size).toBe(1800);
    const sample = [...reference.values()].filter((_, i) => i % 11 === 0);
    expect(sample.some((l) => l.timeline.length >= 3)).toBe(true);
    for (const lead of sample) expect(await queryLead(tdb.db, 1, lead.leadId)).toEqual(lead);
  });

  it('answers undefined for a lead the read models do not hold', async () => {
    expect(await queryLead(tdb.db, 1, 'no-such-lead')).toBeUndefined();
  });
});
