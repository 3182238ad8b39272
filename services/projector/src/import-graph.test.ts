import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = dirname(fileURLToPath(import.meta.url));

/** Every source file under `dir` (tests included: they must not close a loop either). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'";]*?from\s+'(\.{1,2}\/[^']+)'|import\('(\.{1,2}\/[^']+)'\)/g;

/** The files each file imports by a relative path (type-only imports count too). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const text = readFileSync(file, 'utf8');
      const targets = [...text.matchAll(IMPORT)]
        .map((m) => m[1] ?? m[2])
        .filter((spec): spec is string => spec !== undefined)
        .map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
        .filter((target) => known.has(target));
      return [file, targets];
    }),
  );
}

/** One cycle of the graph, as a list of files, or undefined (depth-first, three colours). */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') return undefined;
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file];
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

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
