import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import type { Kysely } from 'kysely';
import type { LiveVersion } from './live-version.js';

/** What the query routes read: Postgres, the pipeline catalog, the live read-model version. */
export interface QueryDeps {
  db: Kysely<Database>;
  pipelines: PipelineCatalog;
  liveVersion: LiveVersion;
  /** Longest wait for `X-Dealflow-Min-Position`, in milliseconds. */
  minPositionWaitMs: number;
}
