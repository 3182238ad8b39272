import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import type { Kysely } from 'kysely';
import type { CommandRequest, CommandResult } from './command-result.js';
import type { CommandWriter } from './command-writer.js';

/** What the command routes need: the writer (group commit), the store for reads, a clock. */
export interface CommandDeps {
  db: Kysely<Database>;
  pipelines: PipelineCatalog;
  writer: CommandWriter;
  now: () => Date;
}

/**
 * Decides and appends one unit (see {@link CommandRequest}) and returns its result: accepted,
 * replayed (same idempotency key and request) or refused with the contract's code. Nothing HTTP:
 * the route maps the result. Without `If-Match` a unit that loses a race to a concurrent writer
 * is decided again against the new state; `version_conflict` comes only from `If-Match`.
 *
 * @throws the store's errors (Postgres down) and `unavailable` past the retry bound.
 */
export function executeCommand(deps: CommandDeps, request: CommandRequest): Promise<CommandResult> {
  return deps.writer.execute(request);
}
