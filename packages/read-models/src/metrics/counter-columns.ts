import { sql, type RawBuilder } from 'kysely';
import { sqlText } from '../sql-text.js';
import { METRIC_COUNTERS } from './metric-counters.js';

const lists = new Map<string, RawBuilder<unknown>>();

/**
 * `names` as the value columns of a `UNION ALL` branch, each negated (and named as itself) for
 * -1: compiled once per list and sign (the lists are the code's own, a handful).
 */
export function signedColumns(names: readonly string[], sign: 1 | -1): RawBuilder<unknown> {
  const key = `${sign}:${names.join(',')}`;
  let text = lists.get(key);
  if (text === undefined) {
    text = sqlText(
      sql.join(names.map((c) => (sign === 1 ? sql.id(c) : sql`-${sql.id(c)} AS ${sql.id(c)}`))),
    );
    lists.set(key, text);
  }
  return text;
}

/** The counter columns of a `UNION ALL` branch, each negated (and named as itself) for -1. */
export const counterColumns = (sign: 1 | -1): RawBuilder<unknown> =>
  signedColumns(METRIC_COUNTERS, sign);

/** `SUM(c)::text AS c` for every counter: the sums of a metric read, sent as exact text. */
export const SUMMED_COUNTERS: RawBuilder<unknown> = sqlText(
  sql.join(METRIC_COUNTERS.map((k) => sql`SUM(${sql.id(k)})::text AS ${sql.id(k)}`)),
);
