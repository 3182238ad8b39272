import { DEFAULT_PIPELINE_ID, rate, type Pipeline } from '@dealflow/domain';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { sumMetricDeltas } from '../metrics/sum-metric-deltas.js';
import { readModelSchemaName } from '../read-model-schema.js';

/** The scope of a funnel: a pipeline's leads, optionally of one owner/source, created in `[from, to)`. */
export interface FunnelFilters {
  /** Default `default`. */
  pipelineId?: string | undefined;
  ownerId?: string | undefined;
  source?: string | undefined;
  /** Inclusive lower bound on the lead's creation instant. */
  from?: Date | undefined;
  /** Exclusive upper bound on the lead's creation instant. */
  to?: Date | undefined;
}

/** One open stage of the funnel (API.md `GET /v1/funnel`). */
export interface FunnelStage {
  stage: string;
  /** 1-based position among the pipeline's open stages. */
  position: number;
  probability: number;
  /** Leads that were ever at this stage or beyond (a won lead reached every open stage). */
  reached: number;
  /** Open leads in this stage now. */
  current: number;
  /** Leads lost while in this stage. */
  lost: number;
  /** reached(next) ÷ reached(this); for the last open stage won ÷ reached(this). */
  conversionToNext: number | null;
  /** reached(this) ÷ reached(first open stage). */
  cumulativeConversion: number | null;
}

/** The body of `GET /v1/funnel` (API.md). Rates are `null` when undefined (division by zero). */
export interface FunnelResponse {
  pipelineId: string;
  totals: { leads: number; open: number; won: number; lost: number };
  /** won ÷ leads. */
  winRate: number | null;
  /** won ÷ (won + lost). */
  closeRate: number | null;
  stages: FunnelStage[];
}

/** Counters per open stage (by index) plus the closed totals, summed over the scope. */
interface Tally {
  reached: number[];
  current: number[];
  lost: number[];
  won: number;
}

const DAY_MS = 86_400_000;

/** A half-open range `[from, to)` of creation instants, in epoch milliseconds. */
type Range = { from: number; to: number };

const ALL: Range = { from: -Infinity, to: Infinity };

/**
 * Splits the cohort window into whole UTC days (answered by the cohort cells) and at most two
 * partial days at its edges (answered exactly from `leads`). `days` is `null` when no whole day
 * fits in the window.
 */
function cohortPlan(from: Date | undefined, to: Date | undefined) {
  const fromMs = from?.getTime() ?? -Infinity;
  const toMs = to?.getTime() ?? Infinity;
  const firstDay = Math.ceil(fromMs / DAY_MS) * DAY_MS;
  const endDay = Math.floor(toMs / DAY_MS) * DAY_MS;
  if (firstDay >= endDay) {
    return { days: null, edges: fromMs < toMs ? [{ from: fromMs, to: toMs }] : [] };
  }
  const edges: Range[] = [];
  if (fromMs < firstDay) edges.push({ from: fromMs, to: firstDay });
  if (endDay < toMs) edges.push({ from: endDay, to: toMs });
  const days: Range = { from: firstDay, to: endDay };
  return { days, edges };
}

function dimensionFilters(filters: FunnelFilters): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (filters.ownerId !== undefined) where.push(sql`owner_id = ${filters.ownerId}`);
  if (filters.source !== undefined) where.push(sql`source = ${filters.source}`);
  return where;
}

/**
 * Sums the cohort cells over whole cohort days (`sumMetricDeltas`: whole months from the
 * monthly cells, the days around them from the daily ones, the rollup of the filters): one row
 * per stage, whatever the number of leads. A metric row's stage is an open
 * stage and its reached/current/lost are the funnel's; a won deal is the `won` of its row.
 */
async function addDailyCounters<DB>(
  db: Kysely<DB>,
  schema: string,
  pipeline: Pipeline,
  filters: FunnelFilters,
  days: Range,
  tally: Tally,
  openIndex: ReadonlyMap<string, number>,
): Promise<void> {
  const scope = {
    pipelineId: pipeline.id,
    ownerId: filters.ownerId,
    source: filters.source,
    created: days,
    flow: ALL,
    start: null,
    ageAt: 0,
  };
  for (const row of await sumMetricDeltas(db, schema, scope, days, ALL, [])) {
    tally.won += row.sums.won;
    const k = openIndex.get(row.stage);
    if (k === undefined) continue;
    tally.reached[k] = (tally.reached[k] ?? 0) + row.sums.reached;
    tally.current[k] = (tally.current[k] ?? 0) + row.sums.current;
    tally.lost[k] = (tally.lost[k] ?? 0) + row.sums.lost;
  }
}

/** The rows of the pipeline's leads created in a partial day, within the filters. */
const edgeWhere = (pipeline: Pipeline, filters: FunnelFilters, range: Range) => [
  sql`pipeline_id = ${pipeline.id}`,
  sql`created_at >= ${new Date(range.from).toISOString()}::timestamptz`,
  sql`created_at < ${new Date(range.to).toISOString()}::timestamptz`,
  ...dimensionFilters(filters),
];

/**
 * Counts the leads created in a partial day exactly, from `leads` via its (pipeline_id,
 * created_at) index: grouped by outcome, so at most a few dozen rows come back.
 */
async function addEdgeCounters<DB>(
  db: Kysely<DB>,
  schema: string,
  pipeline: Pipeline,
  filters: FunnelFilters,
  range: Range,
  tally: Tally,
  openIndex: ReadonlyMap<string, number>,
): Promise<void> {
  const where = edgeWhere(pipeline, filters, range);
  const { rows } = await sql<{
    status: 'open' | 'won' | 'lost';
    stage: string;
    open_stage: string;
    furthest_position: number;
    n: string;
  }>`
    SELECT status, stage, open_stage, furthest_position, COUNT(*)::text AS n
    FROM ${sql.id(schema, 'leads')}
    WHERE ${sql.join(where, sql` AND `)}
    GROUP BY status, stage, open_stage, furthest_position
  `.execute(db);
  const stages = tally.reached.length;
  for (const row of rows) {
    const n = Number(row.n);
    // A won lead reached every open stage, whatever furthest_position says.
    const reachedUpTo = row.status === 'won' ? stages : Math.min(row.furthest_position, stages);
    for (let k = 0; k < reachedUpTo; k++) tally.reached[k] = (tally.reached[k] ?? 0) + n;
    if (row.status === 'won') tally.won += n;
    const k = openIndex.get(row.status === 'open' ? row.stage : row.open_stage);
    if (k === undefined) continue;
    if (row.status === 'open') tally.current[k] = (tally.current[k] ?? 0) + n;
    if (row.status === 'lost') tally.lost[k] = (tally.lost[k] ?? 0) + n;
  }
}

/**
 * The partial-day counts of one owner from the `metric_events` rows, which carry the owner at
 * the moment of each event: a lead handed over counts for each owner what happened while it
 * was theirs (a `leads` row only knows its owner now).
 */
async function addOwnerEdgeCounters<DB>(
  db: Kysely<DB>,
  schema: string,
  pipeline: Pipeline,
  filters: FunnelFilters,
  range: Range,
  tally: Tally,
  openIndex: ReadonlyMap<string, number>,
): Promise<void> {
  const where = edgeWhere(pipeline, filters, range);
  const { rows } = await sql<{
    stage: string;
    reached: string;
    current: string;
    lost: string;
    won: string;
  }>`
    SELECT stage, SUM(reached)::text AS reached, SUM(current)::text AS current,
      SUM(lost)::text AS lost, SUM(won)::text AS won
    FROM ${sql.id(schema, 'metric_events')}
    WHERE ${sql.join(where, sql` AND `)}
    GROUP BY stage
  `.execute(db);
  for (const row of rows) {
    tally.won += Number(row.won);
    const k = openIndex.get(row.stage);
    if (k === undefined) continue;
    tally.reached[k] = (tally.reached[k] ?? 0) + Number(row.reached);
    tally.current[k] = (tally.current[k] ?? 0) + Number(row.current);
    tally.lost[k] = (tally.lost[k] ?? 0) + Number(row.lost);
  }
}

function toResponse(pipeline: Pipeline, tally: Tally): FunnelResponse {
  const open = pipeline.stages.filter((stage) => stage.kind === 'open');
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  const leads = tally.reached[0] ?? 0;
  const lost = sum(tally.lost);
  const won = tally.won;
  return {
    pipelineId: pipeline.id,
    totals: { leads, open: sum(tally.current), won, lost },
    winRate: rate(won, leads),
    closeRate: rate(won, won + lost),
    stages: open.map((stage, k) => {
      const reached = tally.reached[k] ?? 0;
      const next = k === open.length - 1 ? won : (tally.reached[k + 1] ?? 0);
      return {
        stage: stage.id,
        position: k + 1,
        probability: stage.probability,
        reached,
        current: tally.current[k] ?? 0,
        lost: tally.lost[k] ?? 0,
        conversionToNext: rate(next, reached),
        cumulativeConversion: rate(reached, leads),
      };
    }),
  };
}

/**
 * The cohort funnel of API.md `GET /v1/funnel` from read-model `version`: leads of the pipeline
 * (default `default`), optionally one owner and/or source, created in `[from, to)`.
 *
 * Whole UTC days of the window are summed from the cohort cells (a bounded number of rows,
 * whatever the number of leads); when `from`/`to` fall inside a day, those partial days — at
 * most two — are counted exactly from `leads` (by one owner: from `metric_events`, which credit
 * the owner at the moment of each event). Every lead starts in the first open stage, so
 * its reached count is the number of leads.
 *
 * @returns `undefined` when the pipeline is not among `pipelines`
 * @example const body = await queryFunnel(db, 3, catalog.list(), { ownerId: 'ada', from, to });
 */
export async function queryFunnel<DB>(
  db: Kysely<DB>,
  version: number,
  pipelines: readonly Pipeline[],
  filters: FunnelFilters = {},
): Promise<FunnelResponse | undefined> {
  const pipelineId = filters.pipelineId ?? DEFAULT_PIPELINE_ID;
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  if (pipeline === undefined) return undefined;
  const schema = readModelSchemaName(version);
  const open = pipeline.stages.filter((stage) => stage.kind === 'open');
  const openIndex = new Map(open.map((stage, k) => [stage.id, k]));
  const zeros = () => open.map(() => 0);
  const tally: Tally = { reached: zeros(), current: zeros(), lost: zeros(), won: 0 };
  const plan = cohortPlan(filters.from, filters.to);
  await Promise.all([
    plan.days && addDailyCounters(db, schema, pipeline, filters, plan.days, tally, openIndex),
    ...plan.edges.map((range) =>
      (filters.ownerId === undefined ? addEdgeCounters : addOwnerEdgeCounters)(
        db,
        schema,
        pipeline,
        filters,
        range,
        tally,
        openIndex,
      ),
    ),
  ]);
  return toResponse(pipeline, tally);
}
