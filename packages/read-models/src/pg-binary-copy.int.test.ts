import { transactionWithClient } from '@dealflow/db';
import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBinary, PgBinaryRows } from './pg-binary-copy.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models_copy');
  await sql`
    CREATE TABLE copied (n int PRIMARY KEY, t text, s smallint, i int, b bigint, at timestamptz)
  `.execute(tdb.db);
});
afterAll(() => tdb.drop());

interface Row {
  n: number;
  t: string | null;
  s: number | null;
  i: number | null;
  b: string | null;
  at: string | null;
}

const copySql = 'COPY copied (n, t, s, i, b, at) FROM STDIN (FORMAT binary)';

function payload(rows: readonly Row[]): Buffer {
  const out = new PgBinaryRows(16); // tiny on purpose: the buffer must grow
  for (const r of rows) {
    out.row(6);
    out.int4(r.n);
    if (r.t === null) out.null();
    else out.text(r.t);
    if (r.s === null) out.null();
    else out.int2(r.s);
    if (r.i === null) out.null();
    else out.int4(r.i);
    if (r.b === null) out.null();
    else out.int8(Number(r.b));
    if (r.at === null) out.null();
    else out.timestamptz(Date.parse(r.at));
  }
  return out.finish();
}

const stored = async () => {
  const { rows } = await sql<Row>`
    SELECT n, t, s, i, b::text AS b,
      to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
    FROM copied ORDER BY n
  `.execute(tdb.db);
  return rows;
};

describe('binary COPY', () => {
  it('stores exactly what was encoded: limits, negatives, NULL, any text, instants either side of 2000', async () => {
    const rows: Row[] = [
      { n: 1, t: 'plain', s: 0, i: 0, b: '0', at: '2025-03-01T23:59:59.999Z' },
      {
        n: 2,
        t: '',
        s: -32_768,
        i: -2_147_483_648,
        b: '-9007199254740991',
        at: '1999-12-31T23:59:59.999Z',
      },
      {
        n: 3,
        t: 'Zoë 🚀 "q" back\\ tab\t nl\n',
        s: 32_767,
        i: 2_147_483_647,
        b: '9007199254740991',
        at: '1970-01-01T00:00:00.000Z',
      },
      { n: 4, t: null, s: null, i: null, b: null, at: null },
      { n: 5, t: 'x'.repeat(100_000), s: -1, i: -1, b: '-1', at: '2000-01-01T00:00:00.001Z' },
      { n: 6, t: 'NULL', s: 1, i: 1, b: '4294967296', at: '2100-06-15T12:30:45.123Z' },
    ];
    await transactionWithClient(tdb.db, async (_trx, client) => {
      expect(client).toBeDefined();
      if (client !== undefined) await copyBinary(client, copySql, payload(rows));
    });
    expect(await stored()).toEqual(rows);
  });

  it('commits and rolls back with the transaction, and a failed COPY changes nothing', async () => {
    const before = await stored();
    const row: Row = { n: 100, t: 'rolled back', s: 1, i: 1, b: '1', at: null };
    await expect(
      transactionWithClient(tdb.db, async (_trx, client) => {
        if (client !== undefined) await copyBinary(client, copySql, payload([row]));
        throw new Error('after the copy');
      }),
    ).rejects.toThrow('after the copy');
    // Duplicate key: the server refuses the COPY as a whole.
    await expect(
      transactionWithClient(tdb.db, async (_trx, client) => {
        if (client !== undefined)
          await copyBinary(
            client,
            copySql,
            payload([
              { ...row, n: 101 },
              { ...row, n: 1 },
            ]),
          );
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await stored()).toEqual(before);
    // The pool still serves after both failures.
    await transactionWithClient(tdb.db, async (trx) => {
      await sql`SELECT 1`.execute(trx);
    });
  });

  it('refuses values its column type cannot hold, before anything is sent', () => {
    const out = new PgBinaryRows();
    expect(() => out.int2(32_768)).toThrow(RangeError);
    expect(() => out.int4(2.5)).toThrow(RangeError);
    expect(() => out.int8(2 ** 53)).toThrow(RangeError);
  });
});
