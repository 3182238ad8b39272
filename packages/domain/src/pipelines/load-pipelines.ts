import { b2cPipeline } from './b2c-pipeline.js';
import { defaultPipeline } from './default-pipeline.js';
import { PipelineCatalog } from './pipeline-catalog.js';
import { PipelineConfigError } from './pipeline-config-error.js';
import { parsePipelineConfig } from './parse-pipeline-config.js';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new PipelineConfigError([{ path: '', message: `not valid JSON: ${message}` }]);
  }
}

/**
 * Loads the pipeline catalog at start-up. Without configuration it holds the built-in
 * `default` and `b2c` pipelines; a configuration (a parsed JSON list, or its JSON text, e.g.
 * from an environment variable) replaces them and must itself contain `default`.
 *
 * @throws PipelineConfigError listing every issue, so a bad configuration stops the start
 */
export function loadPipelines(json?: unknown): PipelineCatalog {
  if (json === undefined) {
    return new PipelineCatalog([defaultPipeline, b2cPipeline]);
  }
  return new PipelineCatalog(
    parsePipelineConfig(typeof json === 'string' ? parseJson(json) : json),
  );
}
