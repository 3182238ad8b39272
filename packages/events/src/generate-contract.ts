/**
 * Writes the published event contract generated from the zod schemas: the JSON Schema of every
 * event type at its current schema version to `packages/events/schemas/`, and the AsyncAPI
 * document of the topic to `packages/events/asyncapi.json`. Refuses to overwrite a
 * published schema with one that would break its consumers: such a change needs a new schema
 * version (`SCHEMA_VERSIONS`) and an upcaster, which gives it a file of its own.
 *
 * Usage: `npx pnpm@10.34.9 exec tsx packages/events/src/generate-contract.ts`
 */
// eslint-disable-next-line no-restricted-imports -- a CLI entry point, never imported by the package
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { asyncApiDocument } from './asyncapi.js';
import { eventSchemaFiles, jsonFileText, type JsonSchema } from './event-json-schemas.js';
import { breakingChanges } from './schema-compat.js';

const schemasDir = fileURLToPath(new URL('../schemas/', import.meta.url));
const asyncApiFile = fileURLToPath(new URL('../asyncapi.json', import.meta.url));

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

await mkdir(schemasDir, { recursive: true });
let refused = 0;
for (const [name, text] of eventSchemaFiles()) {
  const file = `${schemasDir}${name}`;
  const published = await readIfThere(file);
  if (published === text) continue;
  if (published !== undefined) {
    const breaking = breakingChanges(
      JSON.parse(published) as JsonSchema,
      JSON.parse(text) as JsonSchema,
    );
    if (breaking.length > 0) {
      refused += 1;
      console.error(`${name}: not written, the change would break its consumers:`);
      for (const change of breaking)
        console.error(`  ${change.path || '(root)'}: ${change.message}`);
      continue;
    }
  }
  await writeFile(file, text);
  console.log(`wrote ${file}`);
}
await writeFile(asyncApiFile, jsonFileText(asyncApiDocument()));
console.log(`wrote ${asyncApiFile}`);
if (refused > 0) {
  console.error('Raise the type in SCHEMA_VERSIONS and register an upcaster from the old version.');
  process.exit(1);
}
