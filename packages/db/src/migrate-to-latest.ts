import { Migrator, type Kysely, type Migration } from 'kysely';
import { MigrationFailedError } from './migration-failed-error.js';
import { migrations } from './migrations.js';

const CORE_TABLE = 'kysely_migration';
const EXTRA_NAME = /^([a-z][a-z0-9_]*)\/(\d{4}_[a-z0-9_]+)$/;

/**
 * Applies every pending migration — the core ones of `@dealflow/db`, then a service's `extra`
 * ones — and returns the names applied, in order (empty when already up to date). Fails loudly:
 * throws `MigrationFailedError`; each group runs in one transaction, so a failure leaves that
 * group as it was.
 *
 * Extra migrations are named `<owner>/<NNNN_name>` (e.g. `projector/0001_lead_view`). Each owner
 * is tracked in its own table (`kysely_migration_<owner>`), so services sharing one database
 * never see each other's migrations as "missing" (kysely refuses to run when a migration it
 * recorded is absent from the list it is given), and core may gain migrations after a service's
 * have run. Core runs first: service migrations may build on core tables, never the reverse.
 * Concurrent callers are serialised by kysely's advisory lock.
 *
 * @example
 * const applied = await migrateToLatest(db, { 'projector/0001_lead_view': leadView });
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  extra: Readonly<Record<string, Migration>> = {},
): Promise<string[]> {
  const groups = [
    { table: CORE_TABLE, prefix: '', migrations },
    ...groupByOwner(extra).map(([owner, owned]) => ({
      table: `${CORE_TABLE}_${owner}`,
      prefix: `${owner}/`,
      migrations: owned,
    })),
  ];
  const applied: string[] = [];
  for (const group of groups) {
    const migrator = new Migrator({
      db,
      migrationTableName: group.table,
      provider: { getMigrations: () => Promise.resolve(group.migrations) },
    });
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results.find((result) => result.status === 'Error');
      const name = failed && `${group.prefix}${failed.migrationName}`;
      throw new MigrationFailedError(name, applied, { cause: error });
    }
    applied.push(...results.map((result) => `${group.prefix}${result.migrationName}`));
  }
  return applied;
}

/** Splits `owner/name` keys into one migration record per owner, in order of first appearance. */
function groupByOwner(
  extra: Readonly<Record<string, Migration>>,
): [owner: string, migrations: Record<string, Migration>][] {
  const owners = new Map<string, Record<string, Migration>>();
  for (const [key, migration] of Object.entries(extra)) {
    const match = EXTRA_NAME.exec(key);
    const owner = match?.[1];
    const name = match?.[2];
    if (owner === undefined || name === undefined || owner === 'lock') {
      throw new MigrationFailedError(undefined, [], {
        cause: new Error(
          `extra migration "${key}" must be named <owner>/<NNNN_name>, e.g. projector/0001_lead_view (owner "lock" is reserved)`,
        ),
      });
    }
    const owned = owners.get(owner) ?? {};
    owned[name] = migration;
    owners.set(owner, owned);
  }
  return [...owners];
}
