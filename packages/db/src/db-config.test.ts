import { describe, expect, it } from 'vitest';
import { loadDbConfig } from './db-config.js';

describe('loadDbConfig', () => {
  it('reads the URL and defaults the pool size to 10', () => {
    expect(loadDbConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5433/app', PATH: '/bin' })).toEqual(
      {
        DATABASE_URL: 'postgres://u@127.0.0.1:5433/app',
        DATABASE_POOL_MAX: 10,
      },
    );
  });

  it('coerces DATABASE_POOL_MAX from text', () => {
    expect(
      loadDbConfig({ DATABASE_URL: 'postgresql://db/app', DATABASE_POOL_MAX: '4' })
        .DATABASE_POOL_MAX,
    ).toBe(4);
  });

  it('refuses the old spelling DB_POOL_MAX, naming the one to use', () => {
    const load = () => loadDbConfig({ DATABASE_URL: 'postgresql://db/app', DB_POOL_MAX: '4' });
    expect(load).toThrow(/at DB_POOL_MAX/);
    expect(load).toThrow(/no longer read: the setting is DATABASE_POOL_MAX/);
  });

  it('lists every problem in one error', () => {
    expect(() => loadDbConfig({ DATABASE_POOL_MAX: '0' })).toThrow(
      /DATABASE_URL[\s\S]*DATABASE_POOL_MAX/,
    );
    expect(() => loadDbConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/postgres:\/\//);
  });
});
