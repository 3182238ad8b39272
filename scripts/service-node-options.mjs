/**
 * Node options each service runs with, wherever it starts: `npm start` and the tests' services
 * pass them in `NODE_OPTIONS`, and each image sets the same in its Dockerfile (checked by
 * scripts/images). The query service answers many small requests of a few hundred KB of
 * garbage each; with 16 MB semi-spaces (V8's young generation) its collections come less
 * often, and they set most of its p99. At 1 M leads, two runs with and two without: the worst
 * lead-list p99 13.7 / 15.9 ms against 20.0 / 21.5, the worst time series' 12.2 / 15.3 ms
 * against 22.9 / 23.8.
 */
export const SERVICE_NODE_OPTIONS = Object.freeze({
  command: '',
  query: '--max-semi-space-size=16',
  projector: '',
});

/** `NODE_OPTIONS` of service `name`: the inherited ones (a profiler's, say), then its own. */
export function serviceNodeOptions(name, inherited) {
  return [inherited, SERVICE_NODE_OPTIONS[name]]
    .filter((o) => o !== undefined && o !== '')
    .join(' ');
}
