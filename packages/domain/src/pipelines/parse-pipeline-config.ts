import type { Pipeline } from './pipeline.js';
import { PipelineConfigError } from './pipeline-config-error.js';
import { pipelineConfigSchema } from './pipeline-config-schema.js';

/**
 * Validates a pipeline configuration (a parsed JSON value).
 * @throws PipelineConfigError listing every issue
 */
export function parsePipelineConfig(value: unknown): Pipeline[] {
  const parsed = pipelineConfigSchema.safeParse(value);
  if (!parsed.success) {
    throw new PipelineConfigError(
      parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}
