/**
 * Regenerates the typed client from the services' own OpenAPI documents: writes
 * `packages/client/openapi/{command,query}.json` (as each service serves it at `/docs/json`)
 * and `packages/client/src/generated/{command,query}.ts` (their types, by openapi-typescript).
 * Run it after changing a route: `npx pnpm@10.34.9 exec tsx packages/client/src/generate.ts`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
// The services are read from source; the client package does not depend on them at run time.
import { commandOpenApiDocument } from '../../../services/command/src/openapi-document.js';
import { queryOpenApiDocument } from '../../../services/query/src/openapi-document.js';
import { typesFromDocument } from './generate-types.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const documents = {
  command: await commandOpenApiDocument(),
  query: await queryOpenApiDocument(),
};
await mkdir(here('../openapi/'), { recursive: true });
await mkdir(here('./generated/'), { recursive: true });
for (const [service, document] of Object.entries(documents)) {
  const json = here(`../openapi/${service}.json`);
  await writeFile(json, `${JSON.stringify(document, null, 2)}\n`);
  const types = here(`./generated/${service}.ts`);
  await writeFile(types, await typesFromDocument(document));
  console.log(`wrote ${json} and ${types}`);
}
