/** Thrown by `migrateToLatest` when a migration (or the migrator itself) fails. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';

  constructor(
    /** The migration that failed, when the migrator got as far as running one. */
    readonly migration: string | undefined,
    /** Migrations applied (and committed) by this call before the failure. */
    readonly applied: readonly string[],
    options: { cause: unknown },
  ) {
    super(
      migration === undefined
        ? `migrations failed before any ran: ${describe(options.cause)}`
        : `migration ${migration} failed: ${describe(options.cause)}`,
      options,
    );
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
