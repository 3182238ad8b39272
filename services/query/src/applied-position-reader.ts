/**
 * Reads the applied position of a read-model version (single-flight, optionally cached).
 * `fresh` skips the cache (read-your-writes must not be answered from an older position);
 * `observe` records a position read elsewhere (the change feed), so that a request after a
 * stream's `changed` event is never tagged behind it.
 */
export interface AppliedPosition {
  (version: number, options?: { fresh?: boolean }): Promise<number>;
  observe(version: number, position: number): void;
}

/**
 * Wraps `read` (e.g. `(v) => readAppliedPosition(db, v)`) so concurrent callers share one
 * lookup per version, and a result is reused for `ttlMs` (default 0: only callers waiting at
 * the same time share). A shared or cached position may be a little older than the numbers
 * read after it; it never claims more than they hold, which is what an `ETag` needs. Positions
 * only move forward: an observed or read position never replaces a higher one.
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
  const remember = (version: number, position: number): number => {
    const known = cached.get(version)?.position ?? 0;
    const highest = Math.max(known, position);
    if (ttlMs > 0) cached.set(version, { position: highest, until: now() + ttlMs });
    return highest;
  };
  const lookup = async (version: number): Promise<number> => {
    try {
      return remember(version, await read(version));
    } finally {
      pending.delete(version);
    }
  };
  const position = (version: number, options: { fresh?: boolean } = {}) => {
    const hit = cached.get(version);
    if (options.fresh !== true && hit !== undefined && now() < hit.until) {
      return Promise.resolve(hit.position);
    }
    let inFlight = pending.get(version);
    if (inFlight === undefined) {
      inFlight = lookup(version);
      pending.set(version, inFlight);
    }
    return inFlight;
  };
  return Object.assign(position, {
    observe(version: number, observed: number): void {
      remember(version, observed);
    },
  });
}
