export { decide } from './lead/decide.js';
export { DEFAULT_MAX_CLOCK_SKEW_MS, type DeciderContext } from './lead/decider-context.js';
export type { Decision, DomainError, DomainErrorCode, PendingEvent } from './lead/decision.js';
export { evolve } from './lead/evolve.js';
export { foldLead } from './lead/fold-lead.js';
export type {
  AdvanceStage,
  ChangeAmount,
  CreateLead,
  LeadCommand,
  LoseDeal,
  MoveBackStage,
  ReassignOwner,
  ReopenDeal,
  WinDeal,
} from './lead/lead-command.js';
export { initialState, type LeadSnapshot, type LeadState } from './lead/lead-state.js';
export { daysBetween, mean, median, percentile, rate, safeDivide } from './metrics.js';
export { b2cPipeline } from './pipelines/b2c-pipeline.js';
export { defaultPipeline } from './pipelines/default-pipeline.js';
export { loadPipelines } from './pipelines/load-pipelines.js';
export { pipelineSchema, type Pipeline } from './pipelines/pipeline.js';
export { PipelineCatalog } from './pipelines/pipeline-catalog.js';
export {
  PipelineConfigError,
  type PipelineConfigIssue,
} from './pipelines/pipeline-config-error.js';
export {
  DEFAULT_PIPELINE_ID,
  pipelineConfigSchema,
  type PipelineConfig,
} from './pipelines/pipeline-config-schema.js';
export { stageSchema, type Stage } from './pipelines/stage.js';
export { TERMINAL_STAGE_IDS } from './pipelines/terminal-stage-ids.js';
