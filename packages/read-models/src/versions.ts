import type { Database, ProjectionVersionRow } from '@dealflow/db';
import { sql, type Kysely } from 'kysely';
import { readModelDdl } from './read-model-schema.js';

/** Where a read-model version is in its life: filled by a rebuild, serving, kept for rollback. */
export type ProjectionVersionState = ProjectionVersionRow['state'];

/** One row of `projection_versions`. */
export interface ProjectionVersion {
  version: number;
  state: ProjectionVersionState;
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
  /** What the version was built from (`live` for the first one; a rebuild names its source). */
  source: string | null;
  /** Why a rebuild failed. */
  error: string | null;
}

/**
 * Serialises creators of the first version across processes (`pg_advisory_xact_lock`). The
 * bytes spell "df.rmver" in ASCII, recognisable in `pg_locks`, and fit a signed int8.
 */
const VERSIONS_LOCK_KEY = 0x64662e726d766572n;

/** Every read-model version, oldest first. */
export async function listVersions(db: Kysely<Database>): Promise<ProjectionVersion[]> {
  const rows = await db.selectFrom('projection_versions').selectAll().orderBy('version').execute();
  return rows.map((r) => ({
    version: r.version,
    state: r.state,
    createdAt: r.created_at,
    activatedAt: r.activated_at,
    retiredAt: r.retired_at,
    source: r.source,
    error: r.error,
  }));
}

/** The version the query side serves and the live projector writes, if there is one. */
export async function liveVersion(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db
    .selectFrom('projection_versions')
    .select('version')
    .where('state', '=', 'live')
    .executeTakeFirst();
  return row?.version;
}

/**
 * The live version, creating version 1 (its schema and tables, and its `live` row, in one
 * transaction) on a database that has no version yet. Several processes may start at once: an
 * advisory lock lets the first create it while the others wait and then find it.
 *
 * @throws Error when versions exist but none is live (e.g. every one failed or was retired):
 *   an operator decides which to make live, the projector does not guess.
 *
 * @example const version = await ensureLiveVersion(db); // 1 on a fresh database
 */
export async function ensureLiveVersion(db: Kysely<Database>): Promise<number> {
  const found = await liveVersion(db);
  if (found !== undefined) return found;
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${VERSIONS_LOCK_KEY})`.execute(trx);
    const live = await liveVersion(trx);
    if (live !== undefined) return live;
    const existing = await trx
      .selectFrom('projection_versions')
      .select('version')
      .executeTakeFirst();
    if (existing !== undefined) {
      throw new Error(
        'no live read-model version, but others exist: roll back or finish a rebuild',
      );
    }
    // Generated from a validated integer version, never from input.
    for (const statement of readModelDdl(1)) await sql.raw(statement).execute(trx);
    await trx
      .insertInto('projection_versions')
      .values({ version: 1, state: 'live', activated_at: new Date(), source: 'live' })
      .execute();
    return 1;
  });
}
