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

const LINE =
  /^(nodejs_gc_duration_seconds_(?:bucket|sum|count)|nodejs_eventloop_lag_(?:p99|max)_seconds)(?:\{([^}]*)\})? ([0-9.eE+-]+)$/;

function labelsOf(text: string | undefined): Map<string, string> {
  const labels = new Map<string, string>();
  for (const m of (text ?? '').matchAll(/(\w+)="([^"]*)"/g)) labels.set(m[1] ?? '', m[2] ?? '');
  return labels;
}

async function scrape(url: string): Promise<Scrape> {
  const res = await fetch(`${url}/metrics`);
  if (!res.ok) throw new Error(`${url}/metrics answered ${res.status}`);
  const out: Scrape = { gc: new Map(), lagP99: 0, lagMax: 0 };
  for (const line of (await res.text()).split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const [, name, labelText, valueText] = m;
    const value = Number(valueText);
    if (name === 'nodejs_eventloop_lag_p99_seconds') out.lagP99 = value;
    else if (name === 'nodejs_eventloop_lag_max_seconds') out.lagMax = value;
    else {
      const labels = labelsOf(labelText);
      const kind = labels.get('kind') ?? '?';
      const totals = out.gc.get(kind) ?? { count: 0, seconds: 0, atMost10ms: 0 };
      if (name === 'nodejs_gc_duration_seconds_count') totals.count = value;
      else if (name === 'nodejs_gc_duration_seconds_sum') totals.seconds = value;
      else if (labels.get('le') === '0.01') totals.atMost10ms = value;
      out.gc.set(kind, totals);
    }
  }
  return out;
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
