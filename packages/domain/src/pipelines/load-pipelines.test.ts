import { describe, expect, it } from 'vitest';
import { b2cPipeline } from './b2c-pipeline.js';
import { defaultPipeline } from './default-pipeline.js';
import { loadPipelines } from './load-pipelines.js';
import { PipelineConfigError } from './pipeline-config-error.js';

const catchError = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('loadPipelines', () => {
  it('holds the built-in pipelines without configuration', () => {
    expect(loadPipelines().list()).toEqual([defaultPipeline, b2cPipeline]);
  });

  it('replaces them with a configured list', () => {
    const custom = { ...defaultPipeline, name: 'Ours', lostReasons: ['price'] };
    expect(loadPipelines([custom]).list()).toEqual([custom]);
  });

  it('reads JSON text, e.g. from an environment variable', () => {
    expect(loadPipelines(JSON.stringify([defaultPipeline])).get('default')).toEqual(
      defaultPipeline,
    );
  });

  it('lists every issue of a bad configuration', () => {
    const bad = [
      { ...defaultPipeline, lostReasons: [] },
      { ...b2cPipeline, id: 'default' },
    ];
    const error = catchError(() => loadPipelines(bad));
    expect(error).toBeInstanceOf(PipelineConfigError);
    const { issues, message } = error as PipelineConfigError;
    expect(issues).toEqual([
      { path: '0.lostReasons', message: expect.stringMatching(/>=1 items/) as unknown },
      { path: '1.id', message: 'pipeline id default appears more than once' },
    ]);
    expect(message).toMatch(/^invalid pipeline configuration:\n {2}- 0\.lostReasons: /);
  });

  it.each([
    ['not JSON', '{nope', /not valid JSON/],
    ['not a list', { pipelines: [] }, /expected array/],
    ['null', null, /expected array/],
  ])('rejects %s', (_, config, message) => {
    expect(() => loadPipelines(config)).toThrow(message);
  });
});
