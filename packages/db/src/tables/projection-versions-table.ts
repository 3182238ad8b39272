import type { ColumnType, Selectable } from 'kysely';

/** One read-model version and where it is in its life (see migration 0005). */
export interface ProjectionVersionsTable {
  version: number;
  state: 'live' | 'building' | 'retired' | 'failed';
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  activated_at: Date | null;
  retired_at: Date | null;
  source: string | null;
  error: string | null;
}

/** A row read from `projection_versions`. */
export type ProjectionVersionRow = Selectable<ProjectionVersionsTable>;
