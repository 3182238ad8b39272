import type { Database } from '@dealflow/db';
import { sql, type Kysely } from 'kysely';
import { projectionName } from './read-model-schema.js';

/** Where the live read models stand: their version and how many records they have consumed. */
export interface ReadModelPosition {
  version: number;
  /** Σ of the version's next offsets over its partitions: grows with every applied batch. */
  applied: number;
}

/**
 * The live version and its applied position, in one round trip; `undefined` while no version
 * is live. Two answers differ exactly when the numbers may have moved: a batch was applied, or
 * another version went live.
 */
export async function liveReadModelPosition(
  db: Kysely<Database>,
): Promise<ReadModelPosition | undefined> {
  const prefix = projectionName(1).slice(0, -1); // 'read-models@v'
  const { rows } = await sql<{ version: number; applied: string | null }>`
    SELECT v.version,
           (SELECT sum(c.next_offset) FROM projection_checkpoints c
             WHERE c.projection = ${prefix} || v.version)::text AS applied
    FROM projection_versions v WHERE v.state = 'live'
  `.execute(db);
  const row = rows[0];
  return row === undefined
    ? undefined
    : { version: row.version, applied: Number(row.applied ?? 0) };
}
