import { perScrape } from '@dealflow/runtime';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { MetricFamily } from './projector-metrics.js';

/** Every family `projectorMetrics` (and the dead-letter counter) yields, with its label names. */
const CATALOG: readonly (Pick<MetricFamily, 'name' | 'type'> & {
  help: string;
  labels: string[];
})[] = [
  {
    name: 'dealflow_projector_records_total',
    type: 'counter',
    help: 'Records consumed, by outcome (stale = below the checkpoint, dropped).',
    labels: ['projection', 'outcome'],
  },
  {
    name: 'dealflow_projector_batches_total',
    type: 'counter',
    help: 'Chunks applied (the chunks of the partitions of one fetch share a Postgres transaction).',
    labels: ['projection'],
  },
  {
    name: 'dealflow_projector_batch_seconds_total',
    type: 'counter',
    help: 'Time spent applying batches.',
    labels: ['projection'],
  },
  {
    name: 'dealflow_projector_state',
    type: 'gauge',
    help: 'The projector state (1 for the current one).',
    labels: ['projection', 'state'],
  },
  {
    name: 'dealflow_projector_heartbeat_age_seconds',
    type: 'gauge',
    help: 'Seconds since the consumer last showed it is alive.',
    labels: ['projection'],
  },
  {
    name: 'dealflow_projection_version_state',
    type: 'gauge',
    help: 'Each read-model version, 1 under its state (live, building, retired, failed).',
    labels: ['projection', 'version', 'state'],
  },
  {
    name: 'dealflow_projection_applied_offset',
    type: 'gauge',
    help: 'Per version and partition: the next offset to apply (the stored checkpoint).',
    labels: ['projection', 'partition'],
  },
  {
    name: 'dealflow_projection_head_offset',
    type: 'gauge',
    help: 'Per partition: the high watermark (offset the next record gets).',
    labels: ['projection', 'partition'],
  },
  {
    name: 'dealflow_projection_lag_events',
    type: 'gauge',
    help: 'Records on the topic not yet applied to the read-model version.',
    labels: ['projection', 'state'],
  },
  {
    name: 'dealflow_projection_lag_seconds',
    type: 'gauge',
    help: 'Upper bound of the age of the oldest unapplied record (NaN when unknown).',
    labels: ['projection', 'state'],
  },
  {
    name: 'dealflow_projection_parked_events',
    type: 'gauge',
    help: 'Events parked (dead-lettered) and waiting for an operator.',
    labels: ['projection', 'state'],
  },
  {
    name: 'dealflow_projection_partition_lag_events',
    type: 'gauge',
    help: 'Per partition: head offset minus applied offset.',
    labels: ['projection', 'partition'],
  },
  {
    name: 'dealflow_projector_dead_letters_published_total',
    type: 'counter',
    help: 'Parked records this process published to the dead-letter topic.',
    labels: ['topic'],
  },
];

const text = (labels: MetricFamily['samples'][number]['labels']) =>
  Object.fromEntries(Object.entries(labels ?? {}).map(([k, v]) => [k, String(v)]));

/**
 * The projector's metrics in the service's Prometheus registry: the families computed at
 * scrape time from its totals and the status of every version (one `read` per scrape, shared
 * by all of them), written into prom-client metrics with the same names and labels.
 */
export function registerProjectorMetrics(
  registry: Registry,
  read: () => Promise<MetricFamily[]>,
): void {
  const families = perScrape(async () => new Map((await read()).map((f) => [f.name, f])));
  for (const entry of CATALOG) {
    const config = {
      name: entry.name,
      help: entry.help,
      labelNames: entry.labels,
      registers: [registry],
      async collect(this: Gauge | Counter) {
        this.reset();
        for (const sample of (await families()).get(entry.name)?.samples ?? []) {
          if (this instanceof Gauge) this.set(text(sample.labels), sample.value);
          else this.inc(text(sample.labels), sample.value);
        }
      },
    };
    if (entry.type === 'gauge') new Gauge(config);
    else new Counter(config);
  }
}

/** The time each batch took to apply (one Postgres transaction), as a histogram. */
export function batchSecondsHistogram(registry: Registry, projection: () => string) {
  const histogram = new Histogram({
    name: 'dealflow_projector_batch_apply_seconds',
    help: 'Wall time of applying one batch (one Postgres transaction)',
    labelNames: ['projection'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (seconds: number) => histogram.observe({ projection: projection() }, seconds);
}
