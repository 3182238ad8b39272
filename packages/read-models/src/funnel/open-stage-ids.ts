import type { Pipeline, PipelineCatalog } from '@dealflow/domain';

/** Per pipeline (pipelines are immutable once loaded): its open stage ids, in funnel order. */
const cache = new WeakMap<Pipeline, readonly string[]>();

/** The ids of a pipeline's open stages in funnel order (position = index + 1), computed once. */
export function openStageIds(pipelines: PipelineCatalog, pipeline: Pipeline): readonly string[] {
  let ids = cache.get(pipeline);
  if (ids === undefined) {
    ids = pipelines.openStages(pipeline).map((stage) => stage.id);
    cache.set(pipeline, ids);
  }
  return ids;
}

/** The open stages with a 1-based position in (after, upTo]. */
export function openStagesBetween(
  pipelines: PipelineCatalog,
  pipeline: Pipeline,
  after: number,
  upTo: number,
): readonly string[] {
  if (upTo <= after) return [];
  return openStageIds(pipelines, pipeline).slice(Math.max(0, after), upTo);
}
