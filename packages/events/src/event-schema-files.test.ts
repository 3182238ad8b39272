// eslint-disable-next-line no-restricted-imports -- the test compares the committed files
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventSchemaFiles, type JsonSchema } from './event-json-schemas.js';
import { eventSchemaId } from './event-schema-id.js';
import { isLeadEventType } from './is-lead-event-type.js';
import { breakingChanges } from './schema-compat.js';
import { SCHEMA_VERSIONS } from './schema-versions.js';
import { UPCASTERS } from './upcasters.js';

const schemasDir = fileURLToPath(new URL('../schemas/', import.meta.url));
const committed = new Map(
  readdirSync(schemasDir).map((name) => [name, readFileSync(`${schemasDir}${name}`, 'utf8')]),
);
const generated = eventSchemaFiles();
const regenerate = 'run: npx pnpm@10.34.9 exec tsx packages/events/src/generate-contract.ts';

describe('committed event schemas (packages/events/schemas)', () => {
  it.each([...generated.keys()])('%s is committed as generated', (name) => {
    expect(committed.has(name), `${name} is missing; ${regenerate}`).toBe(true);
    expect(committed.get(name), `${name} is stale; ${regenerate}`).toBe(generated.get(name));
  });

  it.each([...generated.keys()])('%s: the zod schema breaks no consumer of it', (name) => {
    const published = committed.get(name);
    if (published === undefined) return; // reported by the test above
    const next = JSON.parse(generated.get(name) ?? '{}') as JsonSchema;
    expect(breakingChanges(JSON.parse(published) as JsonSchema, next)).toEqual([]);
  });

  it.each([...committed.keys()])('%s names a known version and keeps its $id', (name) => {
    const match = /^(\w+)\.v(\d+)\.schema\.json$/.exec(name);
    const [type = '', version = '0'] = match?.slice(1) ?? [];
    expect(isLeadEventType(type), `${name}: not <Type>.v<n>.schema.json`).toBe(true);
    if (!isLeadEventType(type)) return;
    const schemaVersion = Number(version);
    expect(schemaVersion).toBeGreaterThanOrEqual(1);
    expect(schemaVersion).toBeLessThanOrEqual(SCHEMA_VERSIONS[type]);
    const schema = JSON.parse(committed.get(name) ?? '{}') as JsonSchema;
    expect(schema['$id']).toBe(eventSchemaId(type, schemaVersion));
    if (schemaVersion < SCHEMA_VERSIONS[type]) {
      // Older versions stay on the topic: readers bring them up with an upcaster.
      expect(UPCASTERS.steps[type]?.[schemaVersion]).toBeTypeOf('function');
    }
  });
});
