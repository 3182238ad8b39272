import { sql, type QueryExecutorProvider } from 'kysely';

/**
 * Fills a monthly table of `schema` from its daily twin: the same cells with each `*_month`
 * key column the first day of the month of the twin's `*_day` column, values summed (a key
 * without time columns sums all of them: an all-time table from a monthly one); keys
 * summing to 0 get no row, as when written delta by delta; written in key order, so one key's
 * months share pages. The monthly table must be empty
 * (the deferred build truncates it; a migration creates it).
 */
export async function fillMonthly(
  db: QueryExecutorProvider,
  schema: string,
  dailyTable: string,
  monthlyTable: string,
  monthlyKey: readonly string[],
  values: readonly string[],
): Promise<void> {
  const select = monthlyKey.map((k) =>
    k.endsWith('_month')
      ? sql`date_trunc('month', ${sql.id(k.replace(/_month$/, '_day'))})::date`
      : sql.id(k),
  );
  const sums = values.map((v) => sql`sum(${sql.id(v)})`);
  const positions = monthlyKey.map((_, i) => sql.raw(String(i + 1)));
  await sql`
    INSERT INTO ${sql.id(schema, monthlyTable)} (${sql.join([...monthlyKey, ...values].map((c) => sql.id(c)))})
    SELECT ${sql.join([...select, ...sums])}
    FROM ${sql.id(schema, dailyTable)}
    GROUP BY ${sql.join(positions)}
    HAVING ${sql.join(
      sums.map((s) => sql`${s} <> 0`),
      sql` OR `,
    )}
    ORDER BY ${sql.join(positions)}
  `.execute(db);
}
