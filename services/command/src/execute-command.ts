import type { Database } from '@dealflow/db';
import {
  decide,
  evolve,
  type LeadCommand,
  type LeadSnapshot,
  type PipelineCatalog,
} from '@dealflow/domain';
import type { EventMetadata } from '@dealflow/events';
import { AppError } from '@dealflow/runtime';
import type { Kysely } from 'kysely';
import { appendToStream, readStream, type Appended } from './event-store.js';
import {
  findStoredResponse,
  storeResponse,
  type IdempotencyClaim,
  type StoredResponse,
} from './idempotency.js';

/** What executing commands needs: the store, the pipelines, the policy knobs, a clock. */
export interface CommandDeps {
  db: Kysely<Database>;
  pipelines: PipelineCatalog;
  idempotencyTtlHours: number;
  maxClockSkewMs: number;
  now: () => Date;
  /** Called after a commit that appended events (in-process hint to the relay; no database). */
  onAppended?: () => void;
}

/** One command as the HTTP edge hands it over. */
export interface CommandRequest {
  command: LeadCommand;
  /** From `If-Match`: the version the client expects the lead to be at. */
  expectedVersion: number | undefined;
  idempotency: IdempotencyClaim | undefined;
  metadata: EventMetadata;
  /** The HTTP answer to a successful append; stored with the events for idempotent replays. */
  respond: (appended: Appended, lead: LeadSnapshot) => StoredResponse;
}

/** The answer to send, and whether it is the replay of an earlier one. */
export interface CommandResponse extends StoredResponse {
  replayed: boolean;
}

const UNIQUE_VIOLATION = '23505';
const IDEMPOTENCY_PKEY = 'idempotency_keys_pkey';

function uniqueViolation(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const { code, constraint } = err as { code?: unknown; constraint?: unknown };
  if (code !== UNIQUE_VIOLATION) return undefined;
  return typeof constraint === 'string' ? constraint : '';
}

/**
 * Decides and appends one command in ONE transaction: replay check, read and fold the stream,
 * `If-Match`, `decide`, insert events + outbox rows + the idempotent answer; after the commit,
 * hint the relay (`onAppended`).
 * Any failure rolls everything back, so a request either wrote all of it or nothing.
 *
 * @throws AppError for every rejection (domain codes, `version_conflict`, `lead_exists`,
 *   `idempotency_key_reused`); other errors (Postgres down) propagate to the edge's handler.
 */
export async function executeCommand(
  deps: CommandDeps,
  request: CommandRequest,
): Promise<CommandResponse> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptCommand(deps, request);
    if (outcome !== LOST_RACE) {
      if (!outcome.replayed) deps.onAppended?.();
      return outcome;
    }
    if (attempt >= MAX_ATTEMPTS) {
      throw new AppError(
        'unavailable',
        `lead ${request.command.leadId} is changed by too many concurrent requests; retry`,
      );
    }
  }
}

/**
 * Bound of the decisions of one command without `If-Match`: each lost race means another writer
 * committed, so N concurrent writers of one lead need at most N attempts.
 */
const MAX_ATTEMPTS = 32;

/** A command without `If-Match` that lost a race to a concurrent writer: decide it again. */
const LOST_RACE = Symbol('lost race');

async function attemptCommand(
  deps: CommandDeps,
  request: CommandRequest,
): Promise<CommandResponse | typeof LOST_RACE> {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (request.idempotency) {
        const stored = await findStoredResponse(trx, request.idempotency, deps.idempotencyTtlHours);
        if (stored) return { ...stored, replayed: true };
      }
      const { leadId } = request.command;
      const { state } = await readStream(trx, leadId);
      const expected = request.expectedVersion;
      if (expected !== undefined && state.status !== 'none' && state.version !== expected) {
        throw new AppError(
          'version_conflict',
          `lead ${leadId} is at version ${state.version}, not ${expected}`,
          { currentVersion: state.version },
        );
      }
      const decision = decide(request.command, state, {
        pipelines: deps.pipelines,
        maxClockSkewMs: deps.maxClockSkewMs,
      });
      if (!decision.ok) {
        const { code, detail, field } = decision.error;
        const errors =
          field === undefined ? undefined : [{ path: `body.${field}`, message: detail }];
        throw new AppError(code, detail, errors ? { errors } : {});
      }
      const currentVersion = state.status === 'none' ? 0 : state.version;
      const appended = await appendToStream(trx, { leadId, currentVersion }, decision.events, {
        recordedAt: deps.now().toISOString(),
        metadata: request.metadata,
      });
      const after = appended.events.reduce(evolve, state);
      if (after.status === 'none') throw new Error(`lead ${leadId} has no state after append`);
      const response = request.respond(appended, after);
      if (request.idempotency) await storeResponse(trx, request.idempotency, response);
      return { ...response, replayed: false };
    });
  } catch (err) {
    return recover(deps, request, err);
  }
}

/**
 * Turns a lost race into its answer. A concurrent request with the same idempotency key that
 * committed first makes ours fail on the key (or on the lead's next version): replay its answer.
 * Otherwise a unique violation on `(lead_id, version)` means another writer got there first:
 * with `If-Match` the version the client saw is gone (`version_conflict`); without it the
 * command is decided again against the new state.
 */
async function recover(
  deps: CommandDeps,
  request: CommandRequest,
  err: unknown,
): Promise<CommandResponse | typeof LOST_RACE> {
  const constraint = uniqueViolation(err);
  if (constraint === undefined) throw err;
  const claim = request.idempotency;
  if (claim) {
    // The winner has committed (the unique check waited for it), so this read sees its answer.
    const stored = await deps.db
      .transaction()
      .execute((trx) => findStoredResponse(trx, claim, deps.idempotencyTtlHours));
    if (stored) return { ...stored, replayed: true };
  }
  if (constraint === IDEMPOTENCY_PKEY) throw err;
  const { leadId } = request.command;
  if (request.command.type === 'CreateLead') {
    throw new AppError('lead_exists', `lead ${leadId} already exists`);
  }
  if (request.expectedVersion === undefined) return LOST_RACE;
  throw new AppError('version_conflict', `lead ${leadId} was changed by a concurrent request`);
}
