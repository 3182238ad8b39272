import { ConfigError } from '@dealflow/runtime';
import { describe, expect, it } from 'vitest';
import { loadQueryConfig } from './config.js';

const required = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5433/db' };

describe('loadQueryConfig', () => {
  it('applies the defaults', () => {
    expect(loadQueryConfig(required)).toEqual({
      port: 3002,
      host: '127.0.0.1',
      databaseUrl: required.DATABASE_URL,
      databasePoolMax: 10,
      logLevel: 'info',
      pipelinesFile: undefined,
      minPositionWaitMs: 2000,
    });
  });

  it('coerces strings', () => {
    const config = loadQueryConfig({
      ...required,
      PORT: '4002',
      MIN_POSITION_WAIT_MS: '0',
      PIPELINES_FILE: '/etc/pipelines.json',
    });
    expect(config).toMatchObject({
      port: 4002,
      minPositionWaitMs: 0,
      pipelinesFile: '/etc/pipelines.json',
    });
  });

  it('lists every offending variable', () => {
    expect(() => loadQueryConfig({ PORT: 'x' })).toThrow(ConfigError);
    expect(() => loadQueryConfig({ PORT: 'x', MIN_POSITION_WAIT_MS: '-1' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*MIN_POSITION_WAIT_MS/,
    );
  });
});
