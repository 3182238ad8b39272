import fc from 'fast-check';

/**
 * Vitest setup of every tier: with `FUZZ_SEED` set (CI sets it), every property test draws from
 * that seed, so the gate judges the change, not the draw, as the OpenAPI fuzzers do. Without
 * it each run draws anew, and a failure prints the seed and path that replay it.
 */
const seed = process.env.FUZZ_SEED;
if (seed !== undefined && seed !== '') {
  const value = Number(seed);
  if (!Number.isSafeInteger(value)) throw new Error(`FUZZ_SEED must be an integer, got ${seed}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: value });
}
