import { describe, expect, it } from 'vitest';
import { cachedLiveVersion } from './live-version.js';

describe('cachedLiveVersion', () => {
  it('asks once per ttl, and concurrent callers share one lookup', async () => {
    let clock = 0;
    let reads = 0;
    let live = 3;
    const version = cachedLiveVersion(
      () => {
        reads += 1;
        return Promise.resolve(live);
      },
      1000,
      () => clock,
    );
    expect(await Promise.all([version(), version(), version()])).toEqual([3, 3, 3]);
    expect(reads).toBe(1);
    live = 4;
    clock = 999;
    expect(await version()).toBe(3);
    clock = 1000;
    expect(await version()).toBe(4);
    expect(reads).toBe(2);
  });

  it('answers unavailable while no version is live, and caches neither that nor errors', async () => {
    let answers: (number | undefined | Error)[] = [undefined, new Error('boom'), 2];
    const version = cachedLiveVersion(() => {
      const [next, ...rest] = answers;
      answers = rest;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    });
    await expect(version()).rejects.toMatchObject({ code: 'unavailable', status: 503 });
    await expect(version()).rejects.toThrow('boom');
    expect(await version()).toBe(2);
  });

  it('takes a version the change feed observed, and a slow older read does not undo it', async () => {
    const clock = 0;
    let release: (v: number) => void = () => {};
    const version = cachedLiveVersion(
      () => new Promise<number>((resolve) => (release = resolve)),
      1000,
      () => clock,
    );
    const slow = version(); // a read of the old version, still on its way
    version.observe(5);
    release(4);
    expect(await slow).toBe(4);
    expect(await version()).toBe(5);
  });
});
