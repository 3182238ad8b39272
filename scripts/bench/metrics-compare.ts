import { parseArgs } from 'node:util';
import { ensureLocalServers } from '@dealflow/infra';
import { startService, type ServiceProcess } from '@dealflow/testkit';
import { loadAverage, timedGets } from './http-load.js';
import { keptDatabaseEnv, settle, storedClock } from './metrics-load.js';
import { filterCombos, METRIC_ENDPOINTS, probeName } from './metric-probes.js';
import { quantile } from './stats.js';

/** A kept benchmark database, its filter combinations (from its clock) and its query service. */
interface Side {
  name: string;
  combos: Record<string, string>[];
  query: ServiceProcess;
}

/** `p50 4.1 / 4.6 ms (1.12 ×), p99 9.0 / 11.3 ms (1.26 ×)` for one side against the other. */
function growth(a: readonly number[], b: readonly number[]): string {
  const part = (label: string, p: number) => {
    const x = quantile(a, p);
    const y = quantile(b, p);
    return `${label} ${x.toFixed(1)} / ${y.toFixed(1)} ms (${(y / x).toFixed(2)} ×)`;
  };
  return `${part('p50', 0.5)}, ${part('p90', 0.9)}, ${part('p99', 0.99)} (n=${a.length} each)`;
}

/** Issue bounds the figures are read against: p99 at LARGE, and its growth over SMALL. */
const P99_BOUND_MS = 20;
const GROWTH_BOUND = 1.5;

/** One measured set of requests: its name, and the ms of each side. */
interface Measured {
  name: string;
  small: number[];
  large: number[];
}

/**
 * Which combinations are over {@link P99_BOUND_MS} at p99 on LARGE, and which endpoints grew
 * past {@link GROWTH_BOUND} × at p99, as two lines.
 */
function againstBounds(combos: readonly Measured[], endpoints: readonly Measured[]): string[] {
  const p99 = (ms: readonly number[]) => quantile(ms, 0.99);
  const slow = combos.filter((c) => p99(c.large) > P99_BOUND_MS);
  const grown = endpoints.filter((e) => p99(e.large) > GROWTH_BOUND * p99(e.small));
  const list = (over: readonly Measured[], figure: (m: Measured) => string) =>
    over.length === 0 ? '' : ` — over: ${over.map((m) => `${m.name} ${figure(m)}`).join('; ')}`;
  return [
    `p99 ≤ ${P99_BOUND_MS} ms on the larger: ${combos.length - slow.length} of ${combos.length} combinations${list(slow, (m) => `${p99(m.large).toFixed(1)} ms`)}`,
    `p99 ≤ ${GROWTH_BOUND} × the smaller's: ${endpoints.length - grown.length} of ${endpoints.length} endpoints${list(grown, (m) => `${(p99(m.large) / p99(m.small)).toFixed(2)} ×`)}`,
  ];
}

/**
 * `npm run bench -- metrics-compare --databases SMALL,LARGE [--requests 1200]`
 *
 * How the read side's latency grows with the history, measured on two databases kept by
 * `npm run bench -- metrics --database NAME` (e.g. 100 k and 1 M leads), each with its own
 * query service (no answer cache: every request computes), in one run: for every endpoint and
 * filter combination (each database's own, from its clock), sequential requests alternate
 * between the two, one by one and in turn first, so a busy moment of the machine weighs on
 * both alike. Prints p50/p90/p99 of each and the ratio LARGE / SMALL, per combination and per
 * endpoint (R requests per endpoint and database, after warm-ups and the cold first request),
 * then which combinations and endpoints are over the read side's bounds (p99 ≤ 20 ms on the
 * larger, p99 ≤ 1.5 × the smaller's).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      databases: { type: 'string' },
      requests: { type: 'string', default: '1200' },
    },
  });
  const names = (values.databases ?? '').split(',').map((n) => n.trim());
  if (names.length !== 2 || names.some((n) => !/^[a-z_][a-z0-9_]{0,62}$/.test(n))) {
    throw new Error('--databases SMALL,LARGE: two kept benchmark databases');
  }
  const servers = await ensureLocalServers(process.env, (m) => console.error(`[infra] ${m}`));
  const sides: Side[] = [];
  try {
    for (const name of names) {
      const env = await keptDatabaseEnv(servers, name);
      const now = await storedClock(env.DATABASE_URL);
      if (now === undefined) throw new Error(`${name}: no bench_clock; load it first`);
      await settle(env.DATABASE_URL);
      const query = await startService('query', { ...env, ANSWER_CACHE_MB: '0' });
      sides.push({ name, combos: filterCombos(now), query });
    }
    const [small, large] = sides as [Side, Side];
    const perCombo = Math.max(1, Math.round(Number(values.requests) / 6));
    const get = async (side: Side, path: string, params: Record<string, string>, n: number) =>
      timedGets(`${side.query.url}${path}?${new URLSearchParams(params).toString()}`, n);
    const lines: string[] = [];
    const combos: Measured[] = [];
    const endpoints: Measured[] = [];
    const loadBefore = await loadAverage();
    for (const [path, extra] of METRIC_ENDPOINTS) {
      const all: [number[], number[]] = [[], []];
      for (const side of sides) await get(side, path, extra, 20); // connections, plans, caches
      for (let c = 0; c < 6; c++) {
        const params = sides.map((s) => ({ ...s.combos[c], ...extra }));
        const mine: [number[], number[]] = [[], []];
        for (const [i, side] of sides.entries()) await get(side, path, params[i] ?? {}, 5);
        for (let r = 0; r < perCombo; r++) {
          const order = r % 2 === 0 ? [0, 1] : [1, 0];
          for (const i of order) {
            const [ms = NaN] = await get(sides[i] as Side, path, params[i] ?? {}, 1);
            mine[i as 0 | 1].push(ms);
          }
        }
        all[0].push(...mine[0]);
        all[1].push(...mine[1]);
        const name = probeName(path, params[0] ?? {});
        lines.push(`  ${name}: ${growth(...mine)}`);
        combos.push({ name, small: mine[0], large: mine[1] });
      }
      lines.push(`${probeName(path, extra)} overall: ${growth(...all)}`);
      endpoints.push({ name: probeName(path, extra), small: all[0], large: all[1] });
    }
    console.log(`\n== metrics growth: ${small.name} → ${large.name} ==`);
    console.log(
      'latency: client side, sequential HTTP GETs alternating between the two query services, every request computed; each figure reads SMALL / LARGE (LARGE ÷ SMALL)',
    );
    console.log(`load average (1/5/15 min): ${loadBefore} before, ${await loadAverage()} after`);
    for (const line of lines) console.log(line);
    for (const line of againstBounds(combos, endpoints)) console.log(line);
  } finally {
    await Promise.all(sides.map((s) => s.query.kill()));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
