/**
 * The applied position of a read-model version: a counter in the version's own schema that
 * every transaction writing the version's numbers moves forward by one, in that transaction.
 * Two reads that see the same position see the same numbers, so the position (with the
 * version and the query) identifies an answer: the query service derives its `ETag` from it.
 */
export function appliedPositionDdl(schema: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${schema}.applied_position (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      position bigint NOT NULL DEFAULT 0
    )`,
    `INSERT INTO ${schema}.applied_position (singleton, position) VALUES (true, 0)
      ON CONFLICT (singleton) DO NOTHING`,
  ];
}
