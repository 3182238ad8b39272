import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCycle, importGraph, sourceFiles } from '@dealflow/testkit';
import { describe, expect, it } from 'vitest';

const root = dirname(fileURLToPath(import.meta.url));

/** The room of a file: its first folder under src (`apply`, `live`, …), or `.` for the root. */
const roomOf = (file: string): string => {
  const parts = relative(root, file).split('/');
  return parts.length > 1 ? (parts[0] ?? '.') : '.';
};

describe('the projector’s import graph', () => {
  const graph = importGraph(sourceFiles(root));

  it('has no cycle between files', () => {
    const cycle = findCycle(graph);
    expect(cycle?.map((f) => relative(root, f))).toBeUndefined();
  });

  it('has no cycle between rooms, and the apply step imports from no other room', () => {
    const rooms = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      // A room's integration tests may drive the whole service (`app.ts`).
      if (file.endsWith('.test.ts')) continue;
      const from = roomOf(file);
      const to = targets.map(roomOf).filter((room) => room !== from);
      rooms.set(from, [...new Set([...(rooms.get(from) ?? []), ...to])]);
    }
    expect(findCycle(rooms)).toBeUndefined();
    expect(rooms.get('apply')).toEqual([]);
  });

  it('sees the imports it checks', () => {
    const chunk = join(root, 'apply', 'apply-chunk.ts');
    expect(graph.get(chunk)).toContain(join(root, 'apply', 'apply-events.ts'));
  });
});
