import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { sqlId, sqlRef, sqlText } from './sql-text.js';

const db = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('sqlText', () => {
  it('compiles a statement to the same text and parameters as the fragments it fixes', () => {
    const columns = ['created', 'won_amount', 'odd "name"'];
    const built = (cols: ReturnType<typeof sql.raw>, table: ReturnType<typeof sql.raw>) =>
      sql`SELECT ${cols} FROM ${table} WHERE ${sqlRef('t.day')} >= ${'2026-01-01'}::date AND n = ${3}`.compile(
        db,
      );
    const fixed = built(
      sqlText(sql.join(columns.map((c) => sql.id(c)))),
      sqlId('rm_v1', 'metric_total'),
    );
    const plain =
      sql`SELECT ${sql.join(columns.map((c) => sql.id(c)))} FROM ${sql.id('rm_v1', 'metric_total')} WHERE ${sql.ref('t.day')} >= ${'2026-01-01'}::date AND n = ${3}`.compile(
        db,
      );
    expect(fixed.sql).toBe(plain.sql);
    expect(fixed.sql).toContain('"odd ""name"""');
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
