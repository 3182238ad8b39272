import { describe, expect, it } from 'vitest';
import { b2cPipeline } from './b2c-pipeline.js';
import { defaultPipeline } from './default-pipeline.js';
import { PipelineCatalog } from './pipeline-catalog.js';
import { PipelineConfigError } from './pipeline-config-error.js';

const catalog = new PipelineCatalog([defaultPipeline, b2cPipeline]);

describe('PipelineCatalog', () => {
  it('finds pipelines by id', () => {
    expect(catalog.get('b2c')).toEqual(b2cPipeline);
    expect(catalog.get('nope')).toBeUndefined();
    expect(catalog.list().map((pipeline) => pipeline.id)).toEqual(['default', 'b2c']);
  });

  it('lists the open stages in funnel order', () => {
    expect(catalog.openStages(defaultPipeline).map((stage) => stage.id)).toEqual([
      'qualify',
      'demo',
      'proposal',
      'negotiation',
    ]);
    expect(catalog.openStages(b2cPipeline).map((stage) => stage.id)).toEqual([
      'interested',
      'checkout',
    ]);
  });

  it('finds stages and their 1-based positions', () => {
    expect(catalog.stage(defaultPipeline, 'demo')).toMatchObject({
      probability: 0.35,
      kind: 'open',
    });
    expect(catalog.stage(defaultPipeline, 'checkout')).toBeUndefined();
    expect(catalog.position(defaultPipeline, 'qualify')).toBe(1);
    expect(catalog.position(defaultPipeline, 'negotiation')).toBe(4);
    expect(catalog.position(defaultPipeline, 'lost')).toBe(6);
    expect(catalog.position(defaultPipeline, 'nope')).toBeUndefined();
  });

  it('refuses unsound pipelines', () => {
    expect(() => new PipelineCatalog([b2cPipeline])).toThrow(PipelineConfigError);
  });
});
