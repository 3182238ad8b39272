import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandOpenApiDocument } from './openapi-document.js';

const committed = new URL('../../../packages/client/openapi/command.json', import.meta.url);

describe('the command service’s OpenAPI document', () => {
  it('is committed, as served, where the typed client is generated from', async () => {
    expect(
      await commandOpenApiDocument(),
      'stale; run: npx pnpm@10.34.9 exec tsx packages/client/src/generate.ts',
    ).toEqual(JSON.parse(readFileSync(committed, 'utf8')));
  });
});
