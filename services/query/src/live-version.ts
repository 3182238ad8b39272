import { AppError } from '@dealflow/runtime';

/** Returns the live read-model version; throws `unavailable` while none is live. */
export type LiveVersion = () => Promise<number>;

/** A {@link LiveVersion} that also takes a version read elsewhere (the change feed). */
export type CachedLiveVersion = LiveVersion & { observe(version: number): void };

/**
 * Wraps `read` (e.g. `() => liveVersion(db)`) so Postgres is asked at most once per `ttlMs`,
 * however busy the API: a switch to a rebuilt version is seen within `ttlMs`, which is fine as
 * the previous version stays in place until an operator drops it. Concurrent callers share one
 * lookup; failures and "none live" are not cached, so recovery is seen at the next request.
 * `observe` takes a version the change feed read, so that a request after a stream's `changed`
 * event for a switch is answered from the new version.
 *
 * @example const version = cachedLiveVersion(() => liveVersion(db)); await version(); // 3
 */
export function cachedLiveVersion(
  read: () => Promise<number | undefined>,
  ttlMs = 1000,
  now: () => number = Date.now,
): CachedLiveVersion {
  let cached: { version: number; until: number; read: number } | undefined;
  let pending: Promise<number> | undefined;
  // Reads are numbered as they start: a slow read never replaces what a later one saw.
  let reads = 0;
  const keep = (version: number, read: number) => {
    if (cached === undefined || read > cached.read) {
      cached = { version, until: now() + ttlMs, read };
    }
  };
  const lookup = async (): Promise<number> => {
    const started = ++reads;
    try {
      const version = await read();
      if (version === undefined) {
        throw new AppError('unavailable', 'no read-model version is live yet', {
          retryAfterSeconds: 2,
        });
      }
      keep(version, started);
      return version;
    } finally {
      pending = undefined;
    }
  };
  const version = () => {
    if (cached !== undefined && now() < cached.until) return Promise.resolve(cached.version);
    pending ??= lookup();
    return pending;
  };
  return Object.assign(version, {
    /** `version` was read just now (its read started after every earlier one). */
    observe(observed: number): void {
      keep(observed, ++reads);
    },
  });
}
