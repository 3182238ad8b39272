import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import type { Kysely } from 'kysely';
import type { AnswerCache } from './answer-cache.js';
import type { AppliedPosition } from './applied-position-reader.js';
import type { LiveVersion } from './live-version.js';

/**
 * What the query routes read: Postgres, the pipeline catalog, the live read-model version and
 * its applied position.
 */
export interface QueryDeps {
  db: Kysely<Database>;
  pipelines: PipelineCatalog;
  liveVersion: LiveVersion;
  /** The applied position of a version (what answers' `ETag`s derive from). */
  appliedPosition: AppliedPosition;
  /** Digest of the pipeline catalog, part of every `ETag`. */
  catalogTag: string;
  /** Longest wait for `X-Dealflow-Min-Position`, in milliseconds. */
  minPositionWaitMs: number;
  /** Serialised answers by `ETag`, shared by the requests of equal tags. */
  answers: AnswerCache;
}
