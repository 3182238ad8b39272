import { describe, expect, it } from 'vitest';
import { b2cPipeline } from './b2c-pipeline.js';
import { defaultPipeline } from './default-pipeline.js';
import type { Pipeline } from './pipeline.js';
import { pipelineConfigSchema } from './pipeline-config-schema.js';

const messagesOf = (config: unknown) => {
  const result = pipelineConfigSchema.safeParse(config);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

const withStages = (stages: Pipeline['stages']): Pipeline => ({ ...defaultPipeline, stages });
const [qualify, demo, proposal, negotiation, wonStage, lostStage] = defaultPipeline.stages;
if (!qualify || !demo || !proposal || !negotiation || !wonStage || !lostStage) {
  throw new Error('the default pipeline has six stages');
}

describe('pipelineConfigSchema', () => {
  it('accepts the built-in pipelines', () => {
    expect(messagesOf([defaultPipeline, b2cPipeline])).toEqual([]);
  });

  it('matches the table of DESIGN.md', () => {
    expect(defaultPipeline.stages.map((stage) => [stage.id, stage.probability])).toEqual([
      ['qualify', 0.1],
      ['demo', 0.35],
      ['proposal', 0.65],
      ['negotiation', 0.75],
      ['won', 1],
      ['lost', 0],
    ]);
  });

  it.each([
    [
      'duplicate pipeline ids',
      [defaultPipeline, defaultPipeline],
      /pipeline id default appears more than once/,
    ],
    ['no default pipeline', [b2cPipeline], /a pipeline with id default is required/],
    ['an empty list', [], /expected array to have >=1 items/i],
    [
      'duplicate stage ids',
      [withStages([qualify, qualify, wonStage, lostStage])],
      /stage id qualify appears more than once/,
    ],
    ['no open stage', [withStages([wonStage, lostStage])], /at least one open stage/],
    ['no won stage', [withStages([qualify, lostStage])], /exactly one won stage/],
    [
      'two lost stages',
      [withStages([qualify, wonStage, lostStage, { ...lostStage, id: 'lost2' }])],
      /exactly one lost stage/,
    ],
    [
      'an open stage after a terminal one',
      [withStages([qualify, wonStage, demo, lostStage])],
      /open stages come before won and lost/,
    ],
    [
      'falling probabilities',
      [withStages([demo, qualify, wonStage, lostStage])],
      /below the previous open stage/,
    ],
    [
      'a probability above 1',
      [withStages([{ ...qualify, probability: 1.5 }, wonStage, lostStage])],
      /expected number to be <=1/i,
    ],
    [
      'a won stage not called won',
      [withStages([qualify, { ...wonStage, id: 'closed_won' }, lostStage])],
      /won stage's id must be won/,
    ],
    [
      'a lost probability above 0',
      [withStages([qualify, wonStage, { ...lostStage, probability: 0.1 }])],
      /lost stage's probability must be 0/,
    ],
    [
      'no lost reasons',
      [{ ...defaultPipeline, lostReasons: [] }],
      /expected array to have >=1 items/i,
    ],
    [
      'duplicate lost reasons',
      [{ ...defaultPipeline, lostReasons: ['price', 'price'] }],
      /lost reason price appears more than once/,
    ],
    [
      'a bad stage id',
      [withStages([{ ...qualify, id: 'qual ify' }, wonStage, lostStage])],
      /Invalid string/,
    ],
  ])('rejects %s', (_, config, message) => {
    expect(messagesOf(config).join('\n')).toMatch(message);
  });

  it('points at the offending stage', () => {
    const result = pipelineConfigSchema.safeParse([
      withStages([demo, qualify, wonStage, lostStage]),
    ]);
    expect(result.error?.issues[0]?.path).toEqual([0, 'stages', 1, 'probability']);
  });
});
