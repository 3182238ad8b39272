import type { ProjectionStatus } from './projection-status.js';
import type { ProjectorSnapshot, ProjectorState } from '../live/projector-types.js';

const STATES: readonly ProjectorState[] = [
  'idle',
  'starting',
  'consuming',
  'stopping',
  'stopped',
  'crashed',
  'diverged',
];

/** One sample of a metric: its labels and value. */
export interface MetricSample {
  labels?: Readonly<Record<string, string | number>>;
  value: number;
}

/** One metric's samples (its help and label names: `projector-prometheus.ts`). */
export interface MetricFamily {
  name: string;
  type: 'counter' | 'gauge';
  samples: readonly MetricSample[];
}

/**
 * The projector's Prometheus metrics, computed at scrape time from its running totals and the
 * status of every read-model version (lag, parked): nothing to keep in sync between scrapes.
 */
export function projectorMetrics(
  snapshot: ProjectorSnapshot,
  projections: readonly ProjectionStatus[],
  now: Date,
): MetricFamily[] {
  const { totals, projection } = snapshot;
  const outcomes: [string, number][] = [
    ['applied', totals.applied],
    ['duplicate', totals.duplicates],
    // Records of unknown types are parked too; each record is counted under one outcome.
    ['parked', totals.parked - totals.unknownTypes],
    ['unknown_type', totals.unknownTypes],
    ['stale', totals.stale],
  ];
  const byProjection = (pick: (p: ProjectionStatus) => number | null) =>
    projections.map((p) => ({
      labels: { projection: p.name, state: p.state },
      value: pick(p) ?? Number.NaN,
    }));
  return [
    {
      name: 'dealflow_projector_records_total',
      type: 'counter',
      samples: outcomes.map(([outcome, value]) => ({ labels: { projection, outcome }, value })),
    },
    {
      name: 'dealflow_projector_batches_total',
      type: 'counter',
      samples: [{ labels: { projection }, value: totals.batches }],
    },
    {
      name: 'dealflow_projector_batch_seconds_total',
      type: 'counter',
      samples: [{ labels: { projection }, value: totals.batchSeconds }],
    },
    {
      name: 'dealflow_projector_state',
      type: 'gauge',
      samples: STATES.map((state) => ({
        labels: { projection, state },
        value: snapshot.state === state ? 1 : 0,
      })),
    },
    {
      name: 'dealflow_projector_heartbeat_age_seconds',
      type: 'gauge',
      samples: [
        {
          labels: { projection },
          value:
            snapshot.heartbeatAt === undefined
              ? Number.NaN
              : (now.getTime() - snapshot.heartbeatAt.getTime()) / 1000,
        },
      ],
    },
    {
      name: 'dealflow_projection_version_state',
      type: 'gauge',
      samples: projections.flatMap((p) =>
        (['live', 'building', 'retired', 'failed'] as const).map((state) => ({
          labels: { projection: p.name, version: p.version, state },
          value: p.state === state ? 1 : 0,
        })),
      ),
    },
    {
      name: 'dealflow_projection_applied_offset',
      type: 'gauge',
      samples: projections.flatMap((p) =>
        p.partitions.map((part) => ({
          labels: { projection: p.name, partition: part.partition },
          value: part.appliedOffset,
        })),
      ),
    },
    {
      name: 'dealflow_projection_head_offset',
      type: 'gauge',
      samples: projections.flatMap((p) =>
        p.partitions.map((part) => ({
          labels: { projection: p.name, partition: part.partition },
          value: part.headOffset,
        })),
      ),
    },
    {
      name: 'dealflow_projection_lag_events',
      type: 'gauge',
      samples: byProjection((p) => p.lagEvents),
    },
    {
      name: 'dealflow_projection_lag_seconds',
      type: 'gauge',
      samples: byProjection((p) => p.lagSeconds),
    },
    {
      name: 'dealflow_projection_parked_events',
      type: 'gauge',
      samples: byProjection((p) => p.parked),
    },
    {
      name: 'dealflow_projection_partition_lag_events',
      type: 'gauge',
      samples: projections.flatMap((p) =>
        p.partitions.map((part) => ({
          labels: { projection: p.name, partition: part.partition },
          value: Math.max(0, part.headOffset - part.appliedOffset),
        })),
      ),
    },
  ];
}
