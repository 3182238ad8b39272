import { createTestDatabase, type TestDatabase } from '@dealflow/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pgArrayLiteral } from './pg-array-literal.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('read_models_literal');
});
afterAll(() => tdb.drop());

it('reads back as the same text and numbers in Postgres', async () => {
  const texts = [
    'plain',
    '',
    'NULL',
    'a,b',
    '{x}',
    ' spaced ',
    'quote "q"',
    'back\\',
    'Zoë 🚀',
    null,
  ];
  const numbers = [0, -42, 9_007_199_254_740_991, null];
  const { rows } = await sql<{ texts: (string | null)[]; numbers: (string | null)[] }>`
    SELECT ${pgArrayLiteral(texts)}::text[] AS texts,
      (${pgArrayLiteral(numbers)}::bigint[])::text[] AS numbers
  `.execute(tdb.db);
  expect(rows[0]?.texts).toEqual(texts);
  expect(rows[0]?.numbers).toEqual(['0', '-42', '9007199254740991', null]);
});
