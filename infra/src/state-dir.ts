// Where the local servers keep their data. Node builtins only (see postgres.ts).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout this module belongs to: the nearest folder with a pnpm-workspace.yaml. */
export function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let d = here; d !== path.dirname(d); d = path.dirname(d)) {
    if (existsSync(path.join(d, 'pnpm-workspace.yaml'))) return d;
  }
  return path.resolve(here, '../..');
}

/**
 * The one folder holding the data of a checkout's local Kafka and Postgres, so that the two are
 * kept or lost together. Apart, a fresh broker beside a kept database is a trap: the read
 * models' checkpoints point past the new topic's records, and a projector would skip them.
 *
 * `<root>/.cache`, or as root a folder in the temp dir named by a hash of the checkout's path:
 * the checkout may sit in a 0700 root-owned `mktemp -d` folder that the `postgres` user cannot
 * traverse, and the hash keeps two checkouts apart.
 *
 * @example localStateDir('/src/dealflow') // '/tmp/dealflow-1a2b3c4d' as root
 */
export function localStateDir(root: string = repoRoot(), asRoot = process.getuid?.() === 0) {
  if (!asRoot) return path.join(root, '.cache');
  const hash = createHash('sha256').update(root).digest('hex').slice(0, 8);
  return path.join(tmpdir(), `dealflow-${hash}`);
}
