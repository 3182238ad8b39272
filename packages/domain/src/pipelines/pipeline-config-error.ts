/** One problem of a pipeline configuration, `path` dotted from the list (`0.stages.2.id`). */
export interface PipelineConfigIssue {
  path: string;
  message: string;
}

/** Thrown at start-up when the pipeline configuration is invalid; lists every issue. */
export class PipelineConfigError extends Error {
  override readonly name = 'PipelineConfigError';

  constructor(readonly issues: readonly PipelineConfigIssue[]) {
    const lines = issues.map((issue) => `  - ${issue.path || '(root)'}: ${issue.message}`);
    super(['invalid pipeline configuration:', ...lines].join('\n'));
  }
}
