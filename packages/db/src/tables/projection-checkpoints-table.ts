import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/**
 * How far each projection has applied each topic-partition, written in the same transaction as
 * the read-model changes it describes. `next_offset` is the next Kafka offset to consume (the
 * last applied offset + 1, Kafka's own commit convention); a writer only ever moves it forward.
 */
export interface ProjectionCheckpointsTable {
  projection: ColumnType<string, string, never>;
  topic: ColumnType<string, string, never>;
  partition: ColumnType<number, number, never>;
  next_offset: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A row read from `projection_checkpoints`. */
export type ProjectionCheckpointRow = Selectable<ProjectionCheckpointsTable>;

/** A row to add to `projection_checkpoints`. */
export type NewProjectionCheckpointRow = Insertable<ProjectionCheckpointsTable>;

/** A change to a `projection_checkpoints` row. */
export type ProjectionCheckpointUpdate = Updateable<ProjectionCheckpointsTable>;
