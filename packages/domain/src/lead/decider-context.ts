import type { PipelineCatalog } from '../pipelines/pipeline-catalog.js';

/** How far in the future a command's `occurredAt` may lie, by default: 5 minutes. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** What `decide` needs besides the command and the state: configuration, never I/O. */
export interface DeciderContext {
  pipelines: PipelineCatalog;
  /** How far `occurredAt` may lie after the command's `now`; default {@link DEFAULT_MAX_CLOCK_SKEW_MS}. */
  maxClockSkewMs?: number;
}
