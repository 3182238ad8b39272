import { z } from 'zod';
import { pipelineSchema } from './pipeline.js';

/** The id the API falls back to when a request names no pipeline. */
export const DEFAULT_PIPELINE_ID = 'default';

/**
 * The pipeline configuration of a deployment: a list of pipelines with unique ids, one of
 * which is `default` (the API's fallback). Each pipeline follows {@link pipelineSchema}.
 */
export const pipelineConfigSchema = z
  .array(pipelineSchema)
  .min(1)
  .superRefine((pipelines, ctx) => {
    const ids = pipelines.map((pipeline) => pipeline.id);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) {
        ctx.addIssue({
          code: 'custom',
          message: `pipeline id ${id} appears more than once`,
          path: [index, 'id'],
        });
      }
    });
    if (!ids.includes(DEFAULT_PIPELINE_ID)) {
      ctx.addIssue({
        code: 'custom',
        message: `a pipeline with id ${DEFAULT_PIPELINE_ID} is required`,
        path: [],
      });
    }
  });

/** @see pipelineConfigSchema */
export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;
