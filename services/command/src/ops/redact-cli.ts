import { createDb, loadDbConfig } from '@dealflow/db';
import { redactLegacyPersonalData } from './redact-legacy.js';

const USAGE = `usage: npm run ops -- redact-legacy LEAD_ID...
  Removes the plaintext name and company of erased leads from the events table and their
  snapshots (events written before personal data was sealed). Each lead must be erased first
  (POST /v1/leads/{id}/erase). Uses $DATABASE_URL. Kafka is not reached: see docs/erasure.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...leadIds] = argv;
  if (command !== 'redact-legacy' || leadIds.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const handle = createDb({ url: loadDbConfig().DATABASE_URL, max: 1 });
  let failed = 0;
  try {
    for (const [i, leadId] of leadIds.entries()) {
      try {
        const done = await redactLegacyPersonalData(handle.db, leadId);
        console.log(
          `${leadId}: ${done.events} event(s), ${done.snapshots} snapshot(s) redacted ` +
            `(${i + 1}/${leadIds.length})`,
        );
      } catch (err) {
        failed++;
        console.error(`${leadId}: ${(err as Error).message}`);
      }
    }
  } finally {
    await handle.close();
  }
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
