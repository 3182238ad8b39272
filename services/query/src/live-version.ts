import { AppError } from '@dealflow/runtime';

/** Returns the live read-model version; throws `unavailable` while none is live. */
export type LiveVersion = () => Promise<number>;

/**
 * Wraps `read` (e.g. `() => liveVersion(db)`) so Postgres is asked at most once per `ttlMs`,
 * however busy the API: a switch to a rebuilt version is seen within `ttlMs`, which is fine as
 * the previous version stays in place until an operator drops it. Concurrent callers share one
 * lookup; failures and "none live" are not cached, so recovery is seen at the next request.
 *
 * @example const version = cachedLiveVersion(() => liveVersion(db)); await version(); // 3
 */
export function cachedLiveVersion(
  read: () => Promise<number | undefined>,
  ttlMs = 1000,
  now: () => number = Date.now,
): LiveVersion {
  let cached: { version: number; until: number } | undefined;
  let pending: Promise<number> | undefined;
  const lookup = async (): Promise<number> => {
    try {
      const version = await read();
      if (version === undefined) {
        throw new AppError('unavailable', 'no read-model version is live yet', {
          retryAfterSeconds: 2,
        });
      }
      cached = { version, until: now() + ttlMs };
      return version;
    } finally {
      pending = undefined;
    }
  };
  return () => {
    if (cached !== undefined && now() < cached.until) return Promise.resolve(cached.version);
    pending ??= lookup();
    return pending;
  };
}
