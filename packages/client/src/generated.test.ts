import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { typesFromDocument } from './generate-types.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('generated client types', () => {
  it.each(['command', 'query'])(
    'src/generated/%s.ts is current with its OpenAPI document',
    async (service) => {
      const document: unknown = JSON.parse(read(`../openapi/${service}.json`));
      expect(
        read(`./generated/${service}.ts`),
        'stale; run: npx pnpm@10.34.9 exec tsx packages/client/src/generate.ts',
      ).toBe(await typesFromDocument(document));
    },
  );
});
