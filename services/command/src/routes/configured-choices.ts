import type { PipelineCatalog } from '@dealflow/domain';
import { DealLostData, PipelineId, StageId } from '@dealflow/events';
import { AdvanceBody, CreateLeadBody, LoseBody, MoveBackBody, ReopenBody } from './schemas.js';

const unique = (values: string[]): string[] => [...new Set(values)];

/**
 * The command bodies with the configured pipelines' choices written into their schemas: the
 * pipeline ids, the open stages a lead may advance, move back or be reopened to, the reasons a deal may be lost for. The
 * values are documented (OpenAPI `enum`) while the checks stay where they are, with their codes:
 * an unknown pipeline is `400 validation_error`; a stage or lost reason that is not its lead's
 * pipeline's is `422 invalid_transition` / `400 validation_error` (which one depends on the lead,
 * a rule OpenAPI cannot express).
 */
export function bodiesWithConfiguredChoices(pipelines: PipelineCatalog) {
  const list = pipelines.list();
  const pipelineIds = list.map((pipeline) => pipeline.id);
  const openStages = unique(
    list.flatMap((p) => p.stages.filter((s) => s.kind === 'open').map((s) => s.id)),
  );
  const lostReasons = unique(list.flatMap((pipeline) => [...pipeline.lostReasons]));
  return {
    CreateLeadBody: CreateLeadBody.extend({
      pipelineId: PipelineId.meta({ enum: pipelineIds })
        .optional()
        .describe('One of the configured pipelines; defaults to `default`'),
    }),
    AdvanceBody: AdvanceBody.extend({
      toStage: StageId.meta({ enum: openStages }).describe(
        'A later open stage of the lead’s pipeline',
      ),
    }),
    MoveBackBody: MoveBackBody.extend({
      toStage: StageId.meta({ enum: openStages }).describe(
        'An earlier open stage of the lead’s pipeline',
      ),
    }),
    ReopenBody: ReopenBody.extend({
      toStage: StageId.meta({ enum: openStages }).describe(
        'The open stage of the lead’s pipeline the deal is reopened in',
      ),
    }),
    LoseBody: LoseBody.extend({
      reason: DealLostData.shape.reason
        .meta({ enum: lostReasons })
        .describe('One of the lost reasons of the lead’s pipeline'),
    }),
  };
}
