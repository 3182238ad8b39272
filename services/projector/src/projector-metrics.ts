import type { MetricFamily } from './metrics-text.js';
import type { ProjectionStatus } from './projection-status.js';
import type { ProjectorSnapshot, ProjectorState } from './projector.js';

const STATES: readonly ProjectorState[] = [
  'idle',
  'starting',
  'consuming',
  'stopping',
  'stopped',
  'crashed',
];

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
      help: 'Records consumed, by outcome (stale = below the checkpoint, dropped).',
      type: 'counter',
      samples: outcomes.map(([outcome, value]) => ({ labels: { projection, outcome }, value })),
    },
    {
      name: 'dealflow_projector_batches_total',
      help: 'Chunks applied, one Postgres transaction each.',
      type: 'counter',
      samples: [{ labels: { projection }, value: totals.batches }],
    },
    {
      name: 'dealflow_projector_batch_seconds_total',
      help: 'Time spent applying batches.',
      type: 'counter',
      samples: [{ labels: { projection }, value: totals.batchSeconds }],
    },
    {
      name: 'dealflow_projector_state',
      help: 'The projector state (1 for the current one).',
      type: 'gauge',
      samples: STATES.map((state) => ({
        labels: { projection, state },
        value: snapshot.state === state ? 1 : 0,
      })),
    },
    {
      name: 'dealflow_projector_heartbeat_age_seconds',
      help: 'Seconds since the consumer last showed it is alive.',
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
      help: 'Each read-model version, 1 under its state (live, building, retired, failed).',
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
      help: 'Per version and partition: the next offset to apply (the stored checkpoint).',
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
      help: 'Per partition: the high watermark (offset the next record gets).',
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
      help: 'Records on the topic not yet applied to the read-model version.',
      type: 'gauge',
      samples: byProjection((p) => p.lagEvents),
    },
    {
      name: 'dealflow_projection_lag_seconds',
      help: 'Upper bound of the age of the oldest unapplied record (NaN when unknown).',
      type: 'gauge',
      samples: byProjection((p) => p.lagSeconds),
    },
    {
      name: 'dealflow_projection_parked_events',
      help: 'Events parked (dead-lettered) and waiting for an operator.',
      type: 'gauge',
      samples: byProjection((p) => p.parked),
    },
    {
      name: 'dealflow_projection_partition_lag_events',
      help: 'Per partition: head offset minus applied offset.',
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
