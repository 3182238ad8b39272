import { rate, type Pipeline } from '@dealflow/domain';
import type { Kysely } from 'kysely';
import type { FunnelResponse } from '../funnel/query.js';
import type { MetricFilters } from './metric-scope.js';
import { loadTallies, stageCounts, type StageCounts } from './metric-tallies.js';

/** Funnel counts: `reached` (ever at the stage or beyond) or `touched` (actually in it). */
export type FunnelMode = 'reached' | 'touched';

/** The funnel body from stage counts; shared by the funnel and the summary. */
export function funnelOf(
  pipelineId: string,
  counts: readonly StageCounts[],
  mode: FunnelMode,
): FunnelResponse {
  const sum = (pick: (c: StageCounts) => number) => counts.reduce((a, c) => a + pick(c), 0);
  const leads = counts[0]?.reached ?? 0;
  const won = sum((c) => c.won);
  const lost = sum((c) => c.lost);
  return {
    pipelineId,
    totals: { leads, open: sum((c) => c.current), won, lost },
    winRate: rate(won, leads),
    closeRate: rate(won, won + lost),
    stages: counts.map((c, k) => {
      const here = mode === 'reached' ? c.reached : c.touched;
      const next =
        mode === 'touched'
          ? c.progressed
          : k === counts.length - 1
            ? won
            : (counts[k + 1]?.reached ?? 0);
      return {
        stage: c.stage,
        position: k + 1,
        probability: c.probability,
        reached: here,
        current: c.current,
        lost: c.lost,
        conversionToNext: rate(next, here),
        cumulativeConversion: rate(here, leads),
      };
    }),
  };
}

/**
 * `GET /v1/funnel` for every window, `asOf` and mode, from the metric read models.
 *
 * - cohort: the leads created in `[from, to)` (and by `asOf`), with their events up to `asOf`.
 * - activity: the leads in play in `[from, to)` — open when it opened, or created in it — and
 *   what happened to them in it: `reached` = in play and at this stage or beyond during the
 *   window, `current` = open at its end, `lost`/`won` = closed in it. So leads = open + won + lost.
 * - won and lost count the latest outcome: a reopening takes its close back (−1 where it
 *   happened), so in an activity window they are net counts and may be negative; a rate whose
 *   counts are not a part of a whole is `null`.
 * - mode `touched`: `reached` counts the leads actually in the stage (skipped stages do not
 *   count) and `conversionToNext` = leads that left it forward ÷ those in it.
 */
export async function queryMetricFunnel<DB>(
  db: Kysely<DB>,
  version: number,
  pipeline: Pipeline,
  filters: MetricFilters,
  mode: FunnelMode,
  now: number,
): Promise<FunnelResponse> {
  const tallies = await loadTallies(db, version, { ...filters, pipelineId: pipeline.id }, now, []);
  return funnelOf(pipeline.id, stageCounts(pipeline, tallies), mode);
}
