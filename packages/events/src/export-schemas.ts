/**
 * Writes the JSON Schema of every event to `<folder>/<Type>.schema.json`.
 * Usage: `tsx packages/events/src/export-schemas.ts <folder>`
 */
// eslint-disable-next-line no-restricted-imports -- a CLI entry point, never imported by the package
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventJsonSchemas } from './event-json-schemas.js';

const folder = process.argv[2];
if (folder === undefined || folder === '') {
  console.error('usage: export-schemas <folder>');
  process.exit(2);
}
await mkdir(folder, { recursive: true });
for (const [type, schema] of Object.entries(eventJsonSchemas())) {
  const file = join(folder, `${type}.schema.json`);
  await writeFile(file, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
