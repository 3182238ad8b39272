import { b2cPipeline, defaultPipeline, loadPipelines } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import {
  createTestDatabase,
  generateHistory,
  referenceLeadList,
  type TestDatabase,
} from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFunnelBatch } from '../funnel/apply.js';
import { foldFunnel } from '../funnel/fold.js';
import { readModelDdl, readModelSchemaName, type Lead } from '../read-model-schema.js';
import { applyLeadListBatch } from './apply-lead-list.js';
import { queryLeadList } from './query-lead-list.js';
import { wordLookups } from './text-pieces.js';

// Names with punctuation, digits and letters beyond ASCII (lower-case ones: the database and
// the reference lower-case ASCII alike), on leads that move, get erased and come twice.
const NAMES = [
  ['José Müller', 'Müller-Lüdenscheid GmbH'],
  ["Zoë O'Brien-Smith", 'A.B.C. Trading'],
  ['Søren Kierkegaard', 'Søren & Sons ApS'],
  ['Ada Lovelace', '3M Company'],
  ['Grace Hopper', undefined],
  ['ünal çelik', 'çelik yapı a.ş.'],
] as const;

const schema = readModelSchemaName(1);
let tdb: TestDatabase;
let events: LeadEvent[];

beforeAll(async () => {
  tdb = await createTestDatabase('rm_lead_words');
  for (const statement of readModelDdl(1)) await sql.raw(statement).execute(tdb.db);
  const generated = generateHistory({
    leads: 400,
    seed: 41,
    start: '2025-05-01T00:00:00.000Z',
    pipelines: [defaultPipeline, b2cPipeline],
    duplicateShare: 0.05,
  });
  let n = 0;
  events = generated.map((e) => {
    if (e.type !== 'LeadCreated') return e;
    const [name, company] = NAMES[n++ % NAMES.length] ?? NAMES[0];
    const data = { ...e.data, name: `${name} ${n % 7}` };
    if (company === undefined) delete data.company;
    else data.company = company;
    return { ...e, data };
  });
  // Two chunks, the second twice: a card written again writes no word twice.
  const cut = Math.floor(events.length / 2);
  for (const chunk of [events.slice(0, cut), events.slice(cut), events.slice(cut)]) {
    const ids = [...new Set(chunk.map((e) => e.leadId))];
    const { rows } = await sql<Lead>`
      SELECT lead_id, pipeline_id, owner_id, source, created_at, cohort_day::text AS cohort_day,
        stage, open_stage, furthest_position, status, currency, amount, stage_entered_at,
        closed_at, reason, version, last_occurred_at
      FROM ${sql.id(schema, 'leads')} WHERE lead_id = ANY(${ids}::text[])
    `.execute(tdb.db);
    const stored = new Map(rows.map((r) => [r.lead_id, { ...r, amount: Number(r.amount) }]));
    const folded = foldFunnel({ pipelines: loadPipelines(), leads: stored, events: chunk });
    await tdb.db.transaction().execute(async (trx) => {
      await applyFunnelBatch(trx, 1, folded);
      await applyLeadListBatch(trx, 1, { stored, events: chunk, folded });
    });
  }
});

afterAll(() => tdb?.drop());

describe('text search by word beginnings (lead_words)', () => {
  const texts = [
    'müller',
    'müller-l',
    "o'brien",
    'brien-smith 3',
    'a.b.c',
    ' 3m',
    'søren k',
    '& sons',
    'grace hopper 2',
    'ada lovelace 4 3m company',
    'lovelace 4',
    'ünal ç',
    'yapı a.ş',
    'nobody here',
  ];

  it('finds exactly what the reference finds, by every plan, with exact totals by the words', async () => {
    for (const pipelineId of ['default', 'b2c']) {
      for (const q of texts) {
        const filters = { pipelineId, q };
        const expected = referenceLeadList(events, filters, 'createdAt', 'asc');
        for (const textPlan of ['index', 'trigram', 'walk', 'estimate'] as const) {
          const request = {
            filters,
            sort: 'createdAt' as const,
            order: 'asc' as const,
            limit: 500,
          };
          const page = await queryLeadList(tdb.db, 1, request, { textPlan, textSample: 50 });
          expect(
            page.leads.map((l) => l.leadId),
            `${q} by ${textPlan}`,
          ).toEqual(expected.map((l) => l.leadId));
          // The words count the matches of a text alone exactly.
          if (textPlan === 'index' && wordLookups(q).length > 0) {
            expect(page.total).toEqual({ value: expected.length, relation: 'eq' });
          }
        }
      }
    }
    // Not vacuous: most texts match someone, in both pipelines.
    const matched = texts.filter(
      (q) => referenceLeadList(events, { pipelineId: 'default', q }, 'createdAt', 'asc').length > 0,
    );
    expect(matched.length).toBeGreaterThanOrEqual(texts.length - 2);
  });

  it('pages alike by probing the matches, by walking the sort index, and by a walk cut short', async () => {
    const ways = [
      { textPlan: 'index' as const },
      { textPlan: 'index' as const, wordsWalkFrom: 0 },
      { textPlan: 'index' as const, wordsWalkFrom: 0, wordsWalkBound: 9 },
    ];
    const sorts = [
      ['lastActivityAt', 'desc'],
      ['amount', 'asc'],
      ['createdAt', 'desc'],
    ] as const;
    for (const q of ['müller', 'søren k', 'lovelace 4', ' 3m']) {
      for (const filters of [
        { pipelineId: 'default', q },
        { pipelineId: 'default', q, status: 'open' as const },
      ]) {
        for (const [sort, order] of sorts) {
          const expected = referenceLeadList(events, filters, sort, order).map((l) => l.leadId);
          for (const way of ways) {
            const seen: string[] = [];
            let after: { value: string; leadId: string } | undefined;
            for (let pages = 0; pages < 100; pages++) {
              const request = { filters, sort, order, limit: 7, after };
              const page = await queryLeadList(tdb.db, 1, request, way);
              seen.push(...page.leads.map((l) => l.leadId));
              after = page.next;
              if (after === undefined) break;
            }
            expect(seen, `${q} ${sort} ${JSON.stringify(way)}`).toEqual(expected);
          }
        }
      }
    }
  });

  it('keeps no word of an erased lead, and each word of a card once', async () => {
    const erased = new Set(events.filter((e) => e.type === 'LeadErased').map((e) => e.leadId));
    expect(erased.size).toBeGreaterThan(0);
    const { rows } = await sql<{ lead_id: string; n: number; distinct_n: number }>`
      SELECT lead_id, count(*)::int AS n, count(DISTINCT word)::int AS distinct_n
      FROM ${sql.id(schema, 'lead_words')} GROUP BY lead_id
    `.execute(tdb.db);
    expect(rows.filter((r) => erased.has(r.lead_id))).toEqual([]);
    expect(rows.every((r) => r.n === r.distinct_n)).toBe(true);
    const created = new Set(events.filter((e) => e.type === 'LeadCreated').map((e) => e.leadId));
    expect(rows.length).toBe([...created].filter((id) => !erased.has(id)).length);
  });
});
