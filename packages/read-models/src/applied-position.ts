import type { Database } from '@dealflow/db';
import { sql, type Kysely, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { readModelSchemaName } from './read-model-schema.js';
import { liveVersion } from './versions.js';

// The table and its meaning: `appliedPositionDdl` (applied-position-ddl.ts).

/**
 * Moves the applied position of `version` one forward. Call it last in the transaction that
 * writes the numbers, so concurrent writers hold the row lock only until their commit.
 */
export async function advanceAppliedPosition(
  db: QueryExecutorProvider,
  version: number,
): Promise<void> {
  await appliedPositionAdvance(version).execute(db);
}

/** The statement of `advanceAppliedPosition` (to send as the last part of a larger one). */
export const appliedPositionAdvance = (version: number): RawBuilder<unknown> =>
  sql`UPDATE ${sql.id(readModelSchemaName(version), 'applied_position')} SET position = position + 1`;

/**
 * The applied position of `version` (0 for a version nothing was applied to). Read it BEFORE
 * the numbers it tags: the numbers then include at least what the position says, so a client
 * holding that position's answer is current as long as the position has not moved.
 */
export async function readAppliedPosition(
  db: QueryExecutorProvider,
  version: number,
): Promise<number> {
  const { rows } = await sql<{ position: string }>`
    SELECT position::text AS position
    FROM ${sql.id(readModelSchemaName(version), 'applied_position')}
  `.execute(db);
  return Number(rows[0]?.position ?? 0);
}

/** Where the live read models stand: their version and its applied position. */
export interface ReadModelPosition {
  version: number;
  /** `readAppliedPosition` of that version: moves with every transaction that writes numbers. */
  applied: number;
}

/**
 * The live version and its applied position; `undefined` while no version is live. Two answers
 * differ exactly when the numbers may have moved: numbers were written (a batch, a retry, a
 * rebuild's build), or another version went live.
 */
export async function liveReadModelPosition(
  db: Kysely<Database>,
): Promise<ReadModelPosition | undefined> {
  const version = await liveVersion(db);
  return version === undefined
    ? undefined
    : { version, applied: await readAppliedPosition(db, version) };
}
