import { sql, type RawBuilder } from 'kysely';
import { sqlText } from '../sql-text.js';
import { METRIC_COUNTERS } from './metric-counters.js';

const plain = sqlText(sql.join(METRIC_COUNTERS.map((c) => sql.id(c))));
const negated = sqlText(sql.join(METRIC_COUNTERS.map((c) => sql`-${sql.id(c)} AS ${sql.id(c)}`)));

/** The counter columns of a `UNION ALL` branch, each negated (and named as itself) for -1. */
export const counterColumns = (sign: 1 | -1): RawBuilder<unknown> => (sign === 1 ? plain : negated);

/** `SUM(c)::text AS c` for every counter: the sums of a metric read, sent as exact text. */
export const SUMMED_COUNTERS: RawBuilder<unknown> = sqlText(
  sql.join(METRIC_COUNTERS.map((k) => sql`SUM(${sql.id(k)})::text AS ${sql.id(k)}`)),
);
