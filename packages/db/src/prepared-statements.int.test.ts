import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { transactionWithClient } from './client-transaction.js';
import { createDb } from './create-db.js';

const url = inject('databaseUrl');
// One connection, so every statement below lands on the same server session.
const handle = createDb({ url, max: 1, preparedStatements: 2 });
afterAll(() => handle.close());

/** The named statements of the pool's one connection, as the server holds them. */
async function preparedTexts(): Promise<string[]> {
  const { rows } = await handle.pool.query<{ statement: string }>(
    'SELECT statement FROM pg_prepared_statements ORDER BY prepare_time',
  );
  return rows.map((r) => r.statement);
}

describe('prepared statements per connection', () => {
  it('prepares a parameterised text once, answers each call with its own values', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    const answers = [];
    for (const n of [1, 2, 3, 4, 5, 6, 7]) {
      answers.push((await handle.pool.query<{ n: number }>(text, [n])).rows[0]?.n);
    }
    expect(answers).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(await preparedTexts()).toEqual([text]);
  });

  it('keeps statements without parameters on the simple protocol', async () => {
    await handle.pool.query('SELECT 41 AS n');
    expect(await preparedTexts()).not.toContain('SELECT 41 AS n');
  });

  it('goes through kysely and transactions alike, and stops naming at the bound', async () => {
    const kyselyText = await handle.db
      .selectNoFrom(sql<number>`${5}::int * 2`.as('n'))
      .executeTakeFirstOrThrow();
    expect(kyselyText.n).toBe(10);
    const inTx = await transactionWithClient(handle.db, async (trx) =>
      sql<{ n: number }>`SELECT ${'x'}::text || 'y' AS n`.execute(trx),
    );
    expect(inTx.rows).toEqual([{ n: 'xy' }]);
    // The bound is 2: the first text and kysely's; the transaction's ran unnamed.
    const texts = await preparedTexts();
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain('::int * 2');
    expect(texts.some((t) => t.includes("|| 'y'"))).toBe(false);
  });

  it('recovers from a statement the server refuses to parse', async () => {
    const own = createDb({ url, max: 1, preparedStatements: 4 });
    try {
      for (let i = 0; i < 2; i++) {
        await expect(own.pool.query('SELECT $1::int FROM no_such_table', [i])).rejects.toThrow(
          /no_such_table/,
        );
      }
      const { rows } = await own.pool.query<{ n: number }>('SELECT $1::int + 1 AS n', [9]);
      expect(rows).toEqual([{ n: 10 }]);
      const { rows: held } = await own.pool.query<{ statement: string }>(
        'SELECT statement FROM pg_prepared_statements',
      );
      expect(held.map((r) => r.statement)).toEqual(['SELECT $1::int + 1 AS n']);
    } finally {
      await own.close();
    }
  });
});
