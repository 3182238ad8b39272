import { parsePrometheusText } from '@dealflow/testkit';

/**
 * Garbage-collection pauses and event-loop delay of running services over a phase of a
 * benchmark, from their Prometheus endpoints (prom-client's default collectors): what a
 * latency tail may be made of. The GC histogram is cumulative, so a phase is the difference of
 * two scrapes; the event-loop delay collector starts afresh at every scrape, so the second
 * scrape is the phase's own.
 */

/** One scrape's GC histogram: per kind, pauses and seconds, and pauses ≤ 10 ms. */
interface GcTotals {
  count: number;
  seconds: number;
  atMost10ms: number;
}

interface Scrape {
  gc: Map<string, GcTotals>;
  lagP99: number;
  lagMax: number;
}

async function scrape(url: string): Promise<Scrape> {
  const res = await fetch(`${url}/metrics`);
  if (!res.ok) throw new Error(`${url}/metrics answered ${res.status}`);
  const metrics = parsePrometheusText(await res.text());
  const gc = new Map<string, GcTotals>();
  for (const { name, labels, value } of metrics.samples) {
    if (!name.startsWith('nodejs_gc_duration_seconds')) continue;
    const kind = labels.kind ?? '?';
    const totals = gc.get(kind) ?? { count: 0, seconds: 0, atMost10ms: 0 };
    if (name === 'nodejs_gc_duration_seconds_count') totals.count = value;
    else if (name === 'nodejs_gc_duration_seconds_sum') totals.seconds = value;
    else if (name === 'nodejs_gc_duration_seconds_bucket' && labels.le === '0.01') {
      totals.atMost10ms = value;
    }
    gc.set(kind, totals);
  }
  return {
    gc,
    lagP99: metrics.value('nodejs_eventloop_lag_p99_seconds') ?? 0,
    lagMax: metrics.value('nodejs_eventloop_lag_max_seconds') ?? 0,
  };
}

/**
 * Starts watching `services` (name → base URL); `stop()` describes the phase since, per
 * service: GC pauses (count, total ms, how many over 10 ms, by kind) and the event-loop delay
 * (p99, max).
 */
export async function watchPauses(
  services: Record<string, string>,
): Promise<{ stop(): Promise<string> }> {
  const entries = Object.entries(services);
  const before = await Promise.all(entries.map(([, url]) => scrape(url)));
  return {
    async stop() {
      const after = await Promise.all(entries.map(([, url]) => scrape(url)));
      return entries
        .map(([name], i) => {
          const [b, a] = [before[i], after[i]];
          if (a === undefined || b === undefined) return `${name} ?`;
          const kinds = [...a.gc]
            .map(([kind, t]) => {
              const was = b.gc.get(kind) ?? { count: 0, seconds: 0, atMost10ms: 0 };
              const count = t.count - was.count;
              const over = count - (t.atMost10ms - was.atMost10ms);
              const ms = (t.seconds - was.seconds) * 1000;
              return count === 0 ? '' : `${kind} ${count}× ${ms.toFixed(0)} ms (${over} > 10 ms)`;
            })
            .filter((s) => s !== '');
          const lag = `event-loop delay p99 ${(a.lagP99 * 1000).toFixed(1)} ms, max ${(a.lagMax * 1000).toFixed(1)} ms`;
          return `${name}: GC ${kinds.join(', ') || 'none'}; ${lag}`;
        })
        .join('; ');
    },
  };
}
