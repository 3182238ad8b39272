/** Reads the applied position of a read-model version (single-flight, optionally cached). */
export type AppliedPosition = (version: number) => Promise<number>;

/**
 * Wraps `read` (e.g. `(v) => readAppliedPosition(db, v)`) so concurrent callers share one
 * lookup per version, and a result is reused for `ttlMs` (default 0: only callers waiting at
 * the same time share). A shared or cached position may be a little older than the numbers
 * read after it; it never claims more than they hold, which is what an `ETag` needs.
 *
 * @example const position = sharedAppliedPosition((v) => readAppliedPosition(db, v));
 */
export function sharedAppliedPosition(
  read: (version: number) => Promise<number>,
  ttlMs = 0,
  now: () => number = Date.now,
): AppliedPosition {
  const cached = new Map<number, { position: number; until: number }>();
  const pending = new Map<number, Promise<number>>();
  const lookup = async (version: number): Promise<number> => {
    try {
      const position = await read(version);
      if (ttlMs > 0) cached.set(version, { position, until: now() + ttlMs });
      return position;
    } finally {
      pending.delete(version);
    }
  };
  return (version) => {
    const hit = cached.get(version);
    if (hit !== undefined && now() < hit.until) return Promise.resolve(hit.position);
    let inFlight = pending.get(version);
    if (inFlight === undefined) {
      inFlight = lookup(version);
      pending.set(version, inFlight);
    }
    return inFlight;
  };
}
