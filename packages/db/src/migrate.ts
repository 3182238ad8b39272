import { pino } from 'pino';
import { createDb } from './create-db.js';
import { loadDbConfig } from './db-config.js';
import { migrateToLatest } from './migrate-to-latest.js';

// CLI: `tsx packages/db/src/migrate.ts` applies the core migrations to DATABASE_URL.
const logger = pino({ name: 'migrate' });

async function main(): Promise<void> {
  const config = loadDbConfig();
  const { db, close } = createDb({
    url: config.DATABASE_URL,
    max: 1,
    applicationName: 'dealflow-migrate',
    logger,
  });
  try {
    const applied = await migrateToLatest(db);
    for (const name of applied) logger.info({ migration: name }, 'applied');
    logger.info(
      { applied: applied.length },
      applied.length === 0 ? 'already up to date' : 'migrated',
    );
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  logger.error({ err: error }, 'migration failed');
  process.exitCode = 1;
});
