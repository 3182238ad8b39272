import { DealLostData, PipelineId } from '@dealflow/events';
import { z } from 'zod';
import { stageSchema, type Stage } from './stage.js';
import { TERMINAL_STAGE_IDS } from './terminal-stage-ids.js';

type Issue = { message: string; path: (string | number)[] };

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

/** Exactly one `won` and one `lost` stage, with their fixed ids and probabilities 1 and 0. */
function terminalIssues(stages: readonly Stage[]): Issue[] {
  const issues: Issue[] = [];
  for (const kind of ['won', 'lost'] as const) {
    const found = stages.filter((stage) => stage.kind === kind);
    const expected = { id: TERMINAL_STAGE_IDS[kind], probability: kind === 'won' ? 1 : 0 };
    if (found.length !== 1) {
      issues.push({ message: `exactly one ${kind} stage is required`, path: ['stages'] });
    }
    for (const stage of found) {
      const index = stages.indexOf(stage);
      if (stage.id !== expected.id) {
        issues.push({
          message: `the ${kind} stage's id must be ${expected.id}`,
          path: ['stages', index, 'id'],
        });
      }
      if (stage.probability !== expected.probability) {
        const message = `the ${kind} stage's probability must be ${expected.probability}`;
        issues.push({ message, path: ['stages', index, 'probability'] });
      }
    }
  }
  return issues;
}

/** Every rule a pipeline's stages must follow, as issues (empty when the stages are sound). */
function stageIssues(stages: readonly Stage[]): Issue[] {
  const issues: Issue[] = [];
  for (const id of duplicates(stages.map((stage) => stage.id))) {
    issues.push({ message: `stage id ${id} appears more than once`, path: ['stages'] });
  }
  const open = stages.filter((stage) => stage.kind === 'open');
  if (open.length === 0) {
    issues.push({ message: 'at least one open stage is required', path: ['stages'] });
  }
  stages.forEach((stage, index) => {
    if (stage.kind === 'open' && index >= open.length) {
      issues.push({ message: 'open stages come before won and lost', path: ['stages', index] });
    }
  });
  open.forEach((stage, index) => {
    const previous = open[index - 1];
    if (previous !== undefined && stage.probability < previous.probability) {
      const message = `probability ${stage.probability} is below the previous open stage's ${previous.probability}`;
      issues.push({ message, path: ['stages', stages.indexOf(stage), 'probability'] });
    }
  });
  return [...issues, ...terminalIssues(stages)];
}

/**
 * A sales pipeline as configuration: its stages in order (open stages first, then `won` and
 * `lost`) and the reasons a deal may be lost for. Events carry stage ids, never positions.
 */
export const pipelineSchema = z
  .object({
    id: PipelineId,
    name: z.string().min(1).max(100),
    stages: z.array(stageSchema),
    lostReasons: z.array(DealLostData.shape.reason).min(1),
  })
  .superRefine((pipeline, ctx) => {
    for (const issue of stageIssues(pipeline.stages)) {
      ctx.addIssue({ code: 'custom', ...issue });
    }
    for (const reason of duplicates(pipeline.lostReasons)) {
      ctx.addIssue({
        code: 'custom',
        message: `lost reason ${reason} appears more than once`,
        path: ['lostReasons'],
      });
    }
  });

/** @see pipelineSchema */
export type Pipeline = z.infer<typeof pipelineSchema>;
