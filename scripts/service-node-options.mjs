/**
 * The V8 options each service runs with, wherever it is started: `npm start`
 * (`scripts/start.ts`), the tests and benchmarks (`startService` of `@dealflow/testkit`), and
 * its image (`ENV NODE_OPTIONS`, held to this list by the image test).
 *
 * The query service's young generation is capped at 16 MB a semi-space. V8 otherwise grows it
 * to 64 MB on a machine with this much memory; a summary allocates ~1–3 MB, so every 20–30th
 * request met a scavenge of 10–14 ms (most of a response's own time). At 16 MB they come four
 * times as often and last 3–5 ms, for about 0.1 ms more collecting per request on average.
 *
 * @type {Record<'command' | 'projector' | 'query', readonly string[]>}
 */
export const SERVICE_NODE_OPTIONS = {
  command: [],
  projector: [],
  query: ['--max-semi-space-size=16'],
};
