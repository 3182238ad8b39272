import { sql, type RawBuilder } from 'kysely';

/**
 * The "all" value of the owner and source dimensions in the daily cells. Every event is counted
 * in four cells of a day: as its owner × source, summed over owners (bit 1: `owner_id` = ''),
 * over sources (bit 2: `source` = ''), and over both. A query reads only the cells of its own
 * filter combination, so an unfiltered one does not sum every owner × source.
 */
export const ROLLUPS = [0, 1, 2, 3] as const;

const OWNER_SUMMED = 1;
const SOURCE_SUMMED = 2;

/** The rollup whose cells answer a filter on owner and/or source. */
export function rollupOf(scope: { ownerId?: string | undefined; source?: string | undefined }) {
  return (
    (scope.ownerId === undefined ? OWNER_SUMMED : 0) |
    (scope.source === undefined ? SOURCE_SUMMED : 0)
  );
}

/**
 * SQL: `rollup = <the scope's rollup>`, the rollup written into the statement's text rather than
 * sent as a parameter. The four rollups hold very different numbers of cells (at 1 M leads,
 * 2 394 all-time rows of one pipeline at rollup 0, 96 at rollup 3), so a plan made for an
 * unknown rollup estimates the average and loses to a plan made for the value: Postgres then
 * planned the all-time counters afresh at every call (about a third of their Postgres time).
 * With the rollup in the text, each text's generic plan is estimated for its own rollup and kept.
 */
export const rollupIs = (scope: {
  ownerId?: string | undefined;
  source?: string | undefined;
}): RawBuilder<unknown> => sql`rollup = ${sql.lit(rollupOf(scope))}`;

/**
 * SQL: the key of the cells that answer a scope's owner and source filters — its rollup, and
 * the owner and source ('' for "all") — so a key that puts them first is read as one range.
 */
export function cellDimsWhere(scope: {
  ownerId?: string | undefined;
  source?: string | undefined;
}): RawBuilder<unknown>[] {
  return [
    rollupIs(scope),
    sql`owner_id = ${scope.ownerId ?? ''}`,
    sql`source = ${scope.source ?? ''}`,
  ];
}

/** The owner and source a cell of `rollup` is keyed by, for an event of `owner` and `source`. */
export function rolledDims(rollup: number, owner: string, source: string): [string, string] {
  return [(rollup & OWNER_SUMMED) !== 0 ? '' : owner, (rollup & SOURCE_SUMMED) !== 0 ? '' : source];
}

/** SQL: the three summed rollups as `r(rollup)`, to derive them from rollup-0 cells. */
export const SUMMED_ROLLUP_VALUES: RawBuilder<unknown> = sql`(VALUES (1), (2), (3)) AS r(rollup)`;

/** SQL: the owner of a cell of rollup `r.rollup` for the row's `owner_id` (the same for source). */
export const ROLLED_OWNER: RawBuilder<unknown> = sql`CASE WHEN r.rollup & 1 = 1 THEN '' ELSE owner_id END`;
export const ROLLED_SOURCE: RawBuilder<unknown> = sql`CASE WHEN r.rollup & 2 = 2 THEN '' ELSE source END`;

/** SQL: the key columns `keys` of the summed-rollup cells derived from a rollup-0 cell. */
export const rolledKey = (keys: readonly string[]): RawBuilder<unknown>[] =>
  keys.map((k) =>
    k === 'rollup'
      ? sql`r.rollup`
      : k === 'owner_id'
        ? ROLLED_OWNER
        : k === 'source'
          ? ROLLED_SOURCE
          : sql.id(k),
  );
