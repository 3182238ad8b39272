import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { pgArrayLiteral } from '../pg-array-literal.js';
import { isTimeColumn } from './cell-grain.js';
import { cellKeyValue } from './cell-keys.js';
import type { MetricEventDelta } from './metric-counters.js';
import { ROLLUPS } from './rollup.js';

/** A cell of an additive table: its key (in key-column order) and the deltas of its values. */
export interface AdditiveCell<V extends string> {
  key: (string | number)[];
  values: Record<V, number>;
}

/** The identity of a cell key within one table (the text it is sorted by, for lock order). */
export const cellId = (key: readonly (string | number)[]): string => key.join('\u001f');

/**
 * Sums `values` of the rows per cell of a table keyed by `columns`, each row in the cell of
 * every rollup of `rollups` (all four by default); sorted by key, so concurrent writers lock in
 * one order; cells summing to zero dropped.
 */
export function sumCells<V extends string>(
  columns: readonly string[],
  values: readonly V[],
  rows: readonly MetricEventDelta[],
  rollups: readonly number[] = ROLLUPS,
): AdditiveCell<V>[] {
  const cells = new Map<string, AdditiveCell<V>>();
  for (const row of rows) {
    if (values.every((v) => row[v as keyof MetricEventDelta] === 0)) continue;
    for (const rollup of rollups) {
      const key = columns.map((c) => cellKeyValue(c, rollup, row));
      const id = cellId(key);
      let cell = cells.get(id);
      if (cell === undefined) {
        cell = { key, values: Object.fromEntries(values.map((v) => [v, 0])) as Record<V, number> };
        cells.set(id, cell);
      }
      for (const v of values) cell.values[v] += row[v as keyof MetricEventDelta] as number;
    }
  }
  return sortedNonZero(cells, values);
}

/** The cells of `cells` in key order, without those whose values are all zero. */
export function sortedNonZero<V extends string>(
  cells: ReadonlyMap<string, AdditiveCell<V>>,
  values: readonly V[],
): AdditiveCell<V>[] {
  return [...cells.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, cell]) => cell)
    .filter((cell) => values.some((v) => cell.values[v] !== 0));
}

/** The array type a key column travels as. */
const arrayType = (column: string) =>
  isTimeColumn(column)
    ? 'date[]'
    : column === 'rollup'
      ? 'smallint[]'
      : column === 'bucket' || column === 'occurred_hour'
        ? 'int[]'
        : 'text[]';

/**
 * The statement adding `cells` to table `table` of `schema` (keyed by `keys`, additive
 * `values`): one `unnest` insert whose conflicts add the deltas to the stored values;
 * `undefined` when there are no cells.
 */
export function cellUpsert<V extends string>(
  schema: string,
  table: string,
  keys: readonly string[],
  values: readonly V[],
  cells: readonly AdditiveCell<V>[],
): RawBuilder<unknown> | undefined {
  if (cells.length === 0) return undefined;
  const keyArrays = keys.map(
    (name, i) =>
      sql`${pgArrayLiteral(cells.map((c) => c.key[i] ?? ''))}::${sql.raw(arrayType(name))}`,
  );
  const valueArrays = values.map(
    (v) => sql`${pgArrayLiteral(cells.map((c) => c.values[v]))}::bigint[]`,
  );
  const updates = values.map((v) => sql`${sql.id(v)} = t.${sql.id(v)} + excluded.${sql.id(v)}`);
  return sql`
    INSERT INTO ${sql.id(schema, table)} AS t (${sql.join([...keys, ...values].map((c) => sql.id(c)))})
    SELECT * FROM unnest(${sql.join([...keyArrays, ...valueArrays])})
    ON CONFLICT (${sql.join(keys.map((k) => sql.id(k)))}) DO UPDATE SET ${sql.join(updates)}
  `;
}

/**
 * Runs the upserts (each into a different table; an `UPDATE` may be one too) as ONE statement,
 * one data-modifying `WITH` part each, run in the order given: one round trip to the server
 * instead of one per table.
 */
export async function runUpserts(
  db: QueryExecutorProvider,
  upserts: readonly (RawBuilder<unknown> | undefined)[],
): Promise<void> {
  const parts = upserts.filter((u): u is RawBuilder<unknown> => u !== undefined);
  const [only] = parts;
  if (only === undefined) return;
  if (parts.length === 1) {
    await only.execute(db);
    return;
  }
  const ctes = parts.map((part, i) => sql`${sql.raw(`u${i}`)} AS (${part})`);
  await sql`WITH ${sql.join(ctes)} SELECT 1`.execute(db);
}
