import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycle, importGraph, sourceFiles } from './import-graph.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The source folder of every workspace package and service, and the infra package's. */
const SOURCE_ROOTS = ['packages', 'services']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name, 'src')))
  .concat(join(root, 'infra', 'src'))
  .filter((dir) => existsSync(dir));

describe('the import graph of every package and service', () => {
  it.each(SOURCE_ROOTS.map((dir) => [relative(root, dir), dir]))(
    '%s has no cycle between files',
    (_, dir) => {
      const cycle = findCycle(importGraph(sourceFiles(dir)));
      expect(cycle?.map((f) => relative(dir, f))).toBeUndefined();
    },
  );

  it('checks the folders it names, and sees their imports', () => {
    expect(SOURCE_ROOTS.map((dir) => relative(root, dir))).toEqual(
      expect.arrayContaining([
        'packages/read-models/src',
        'packages/kafka/src',
        'services/query/src',
      ]),
    );
    const graph = importGraph(sourceFiles(join(root, 'packages', 'kafka', 'src')));
    expect(graph.get(join(root, 'packages', 'kafka', 'src', 'create-kafka-client.ts'))).toContain(
      join(root, 'packages', 'kafka', 'src', 'client-options.ts'),
    );
  });
});
