import { ConfigError, tokenEntry } from '@dealflow/runtime';
import { describe, expect, it } from 'vitest';
import { loadQueryConfig } from './config.js';

const entry = tokenEntry('t0ken', ['metrics:read']);
const required = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5433/db', AUTH_TOKENS: entry };

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
      positionCacheMs: 50,
      answerCacheBytes: 32 * 1024 * 1024,
      stream: { maxPerCaller: 4, heartbeatMs: 15_000 },
      dashboardDir: undefined,
      security: {
        auth: {
          enabled: true,
          tokens: [expect.objectContaining({ scopes: ['metrics:read'] })],
          jwt: null,
        },
        rateLimit: { max: 6000, windowMs: 60_000, authFailuresMax: 20 },
        corsOrigins: [],
        trustProxy: false,
      },
    });
  });

  it('needs a credential source unless authentication is explicitly off', () => {
    const { DATABASE_URL } = required;
    expect(() => loadQueryConfig({ DATABASE_URL })).toThrow(/DEALFLOW_AUTH: authentication is on/);
    const off = loadQueryConfig({
      DATABASE_URL,
      DEALFLOW_AUTH: 'off',
      CORS_ORIGINS: 'https://a.b',
    });
    expect(off.security).toMatchObject({ auth: { enabled: false }, corsOrigins: ['https://a.b'] });
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
