import type { Pipeline } from './pipeline.js';
import { parsePipelineConfig } from './parse-pipeline-config.js';
import type { Stage } from './stage.js';

/**
 * The configured pipelines and questions about their stages. Built once at start-up, usually by
 * `loadPipelines`; the constructor validates too, so a catalog always holds sound pipelines.
 *
 * @example
 * const catalog = loadPipelines();
 * const pipeline = catalog.get('default');
 * if (pipeline) catalog.position(pipeline, 'demo'); // 2
 */
export class PipelineCatalog {
  readonly #pipelines: readonly Pipeline[];
  readonly #byId: ReadonlyMap<string, Pipeline>;

  /** @throws PipelineConfigError when the pipelines break a rule of `pipelineConfigSchema` */
  constructor(pipelines: readonly Pipeline[]) {
    this.#pipelines = parsePipelineConfig(pipelines);
    this.#byId = new Map(this.#pipelines.map((pipeline) => [pipeline.id, pipeline]));
  }

  /** The pipeline with this id, or `undefined`. */
  get(id: string): Pipeline | undefined {
    return this.#byId.get(id);
  }

  /** Every pipeline, in configuration order. */
  list(): readonly Pipeline[] {
    return this.#pipelines;
  }

  /** The open stages of a pipeline, in funnel order (the first is where leads are created). */
  openStages(pipeline: Pipeline): Stage[] {
    return pipeline.stages.filter((stage) => stage.kind === 'open');
  }

  /** The stage with this id in the pipeline, or `undefined`. */
  stage(pipeline: Pipeline, stageId: string): Stage | undefined {
    return pipeline.stages.find((stage) => stage.id === stageId);
  }

  /** The 1-based position of a stage in the pipeline (open stages are 1…n), or `undefined`. */
  position(pipeline: Pipeline, stageId: string): number | undefined {
    const index = pipeline.stages.findIndex((stage) => stage.id === stageId);
    return index === -1 ? undefined : index + 1;
  }
}
