import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compileOffline, sqlId, sqlRef, sqlText } from './sql-text.js';

describe('sqlText', () => {
  it('compiles a statement to the same text and parameters as the fragments it fixes', () => {
    const columns = ['created', 'won_amount', 'odd "name"'];
    const fixed = compileOffline(
      sql`SELECT ${sqlText(sql.join(columns.map((c) => sql.id(c))))}
        FROM ${sqlId('rm_v1', 'metric_total')}
        WHERE ${sqlRef('t.day')} >= ${'2026-01-01'}::date AND n = ${3}`,
    );
    const plain = compileOffline(
      sql`SELECT ${sql.join(columns.map((c) => sql.id(c)))}
        FROM ${sql.id('rm_v1', 'metric_total')}
        WHERE ${sql.ref('t.day')} >= ${'2026-01-01'}::date AND n = ${3}`,
    );
    expect(fixed.sql).toBe(plain.sql);
    expect(fixed.sql).toContain('"odd ""name"""');
    expect(fixed.sql).toContain('"t"."day" >= $1::date');
    expect(fixed.parameters).toEqual(['2026-01-01', 3]);
  });

  it('refuses a fragment with a parameter: a value is sent, never written into the text', () => {
    expect(() => sqlText(sql`rollup = ${3}`)).toThrow(/parameters/);
  });

  it('gives one fragment per name', () => {
    expect(sqlId('rm_v2', 'metric_daily')).toBe(sqlId('rm_v2', 'metric_daily'));
    expect(sqlId('rm_v2', 'metric_daily')).not.toBe(sqlId('rm_v3', 'metric_daily'));
  });
});
