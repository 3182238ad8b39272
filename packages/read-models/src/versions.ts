import type { Database, ProjectionVersionRow } from '@dealflow/db';
import { sql, type Kysely } from 'kysely';
import { projectionName, readModelDdl, readModelSchemaName } from './read-model-schema.js';

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

/**
 * Serialises the life-cycle transitions of versions (begin, switch, rollback, drop) across
 * processes; bytes spell "df.rmlcy".
 */
const LIFECYCLE_LOCK_KEY = 0x64662e726d6c6379n;

/**
 * The live feed lock: the live projector (and an ops retry) holds it shared in each transaction
 * that applies to the live version, checking first that its version is still live
 * (`holdLiveFeed`); a switch takes it exclusively in its transaction.
 * So once a switch commits, no chunk can land in the version it retired — the retired version
 * stays exactly where it was at the switch, and no number seen through the query API goes
 * backwards. Bytes spell "df.rmfed".
 */
const LIVE_FEED_LOCK_KEY = 0x64662e726d666564n;

/**
 * Takes the live feed lock exclusively for the rest of the transaction: waits for the chunks
 * being applied to the live version to commit and holds new ones back until the switch commits.
 */
export async function freezeLiveFeed(trx: Kysely<Database>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${LIVE_FEED_LOCK_KEY})`.execute(trx);
}

/**
 * The first statement of a transaction that applies to the live version (a round of chunks, an
 * ops retry): takes the live feed lock shared until the transaction ends and answers the
 * version live now. It applies only when that is its version; a switch cannot commit before it
 * does.
 */
export async function holdLiveFeed(trx: Kysely<Database>): Promise<number | undefined> {
  await sql`SELECT pg_advisory_xact_lock_shared(${LIVE_FEED_LOCK_KEY})`.execute(trx);
  return liveVersion(trx);
}

/** A version being (re)built, as {@link beginBuild} found or made it. */
export interface BuildPlan {
  version: number;
  /** True when an unfinished `building` version was found and is continued. */
  resumed: boolean;
  /** What the version is built from (`kafka`, `events-table`). */
  source: string;
}

/**
 * Continues the `building` version if there is one, else creates version max+1 (its schema via
 * `readModelDdl` and its `building` row) in one transaction. `prepare` runs in that same
 * transaction for a new version only (e.g. to seed its checkpoints).
 *
 * @example const { version, resumed } = await beginBuild(db, { source: 'kafka' });
 */
export async function beginBuild(
  db: Kysely<Database>,
  opts: { source: string; prepare?: (trx: Kysely<Database>, version: number) => Promise<void> },
): Promise<BuildPlan> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${LIFECYCLE_LOCK_KEY})`.execute(trx);
    const building = await trx
      .selectFrom('projection_versions')
      .select(['version', 'source'])
      .where('state', '=', 'building')
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if (building !== undefined) {
      return { version: building.version, resumed: true, source: building.source ?? opts.source };
    }
    const { max } = await trx
      .selectFrom('projection_versions')
      .select((eb) => eb.fn.max('version').as('max'))
      .executeTakeFirstOrThrow();
    const version = (max ?? 0) + 1;
    // Generated from a validated integer version, never from input.
    for (const statement of readModelDdl(version)) await sql.raw(statement).execute(trx);
    await trx
      .insertInto('projection_versions')
      .values({ version, state: 'building', source: opts.source })
      .execute();
    await opts.prepare?.(trx, version);
    return { version, resumed: false, source: opts.source };
  });
}

/**
 * Makes `version` (building or retired) the live one and retires the previous live version, in
 * the caller's transaction: the query side never sees zero or two live versions.
 *
 * @returns the version that was live before, if any
 * @throws Error when `version` is neither building nor retired
 */
export async function activateVersion(
  trx: Kysely<Database>,
  version: number,
): Promise<number | undefined> {
  // Lock order everywhere: live feed, then life cycle.
  await freezeLiveFeed(trx);
  await sql`SELECT pg_advisory_xact_lock(${LIFECYCLE_LOCK_KEY})`.execute(trx);
  const previous = await liveVersion(trx);
  if (previous === version) return previous;
  const now = new Date();
  // Retire first: the partial unique index allows one live row at any statement boundary.
  await trx
    .updateTable('projection_versions')
    .set({ state: 'retired', retired_at: now })
    .where('state', '=', 'live')
    .execute();
  const activated = await trx
    .updateTable('projection_versions')
    .set({ state: 'live', activated_at: now, retired_at: null, error: null })
    .where('version', '=', version)
    .where('state', 'in', ['building', 'retired'])
    .executeTakeFirst();
  if (activated.numUpdatedRows !== 1n) {
    throw new Error(`read-model version ${version} is neither building nor retired`);
  }
  return previous;
}

/** Marks a building version `failed` with the reason; the live version is not touched. */
export async function failVersion(
  db: Kysely<Database>,
  version: number,
  error: string,
): Promise<void> {
  await db
    .updateTable('projection_versions')
    .set({ state: 'failed', error })
    .where('version', '=', version)
    .where('state', '=', 'building')
    .execute();
}

/**
 * Makes the most recently retired version live again and retires the live one, in one
 * transaction. The restored version's checkpoints are where it stopped when it was retired;
 * the live projector notices the switch and catches it up from there.
 *
 * @returns the versions before and after
 * @throws Error when there is no retired version to go back to
 */
export async function rollbackVersion(
  db: Kysely<Database>,
): Promise<{ from: number | undefined; to: number }> {
  return db.transaction().execute(async (trx) => {
    await freezeLiveFeed(trx);
    await sql`SELECT pg_advisory_xact_lock(${LIFECYCLE_LOCK_KEY})`.execute(trx);
    const target = await trx
      .selectFrom('projection_versions')
      .select('version')
      .where('state', '=', 'retired')
      .orderBy('retired_at', 'desc')
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if (target === undefined) throw new Error('no retired read-model version to roll back to');
    const from = await activateVersion(trx, target.version);
    return { from, to: target.version };
  });
}

/**
 * Drops a version that is not live: its schema (every table), its checkpoints and its row, in
 * one transaction.
 *
 * @throws Error for the live version or a version that does not exist
 */
export async function dropVersion(db: Kysely<Database>, version: number): Promise<void> {
  const schema = readModelSchemaName(version);
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${LIFECYCLE_LOCK_KEY})`.execute(trx);
    const row = await trx
      .selectFrom('projection_versions')
      .select('state')
      .where('version', '=', version)
      .executeTakeFirst();
    if (row === undefined) throw new Error(`read-model version ${version} does not exist`);
    if (row.state === 'live') throw new Error(`read-model version ${version} is live`);
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(trx);
    await trx
      .deleteFrom('projection_checkpoints')
      .where('projection', '=', projectionName(version))
      .execute();
    await trx.deleteFrom('projection_versions').where('version', '=', version).execute();
  });
}
