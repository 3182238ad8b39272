import type { Database } from '@dealflow/db';
import type { LeadSnapshot, PipelineCatalog } from '@dealflow/domain';
import { newLeadKey } from '@dealflow/events';
import { AppError, type Logger } from '@dealflow/runtime';
import type { Kysely } from 'kysely';
import type { CommandRequest, CommandResult } from './command-result.js';
import { decideBatch, DEFER, RETRY } from './decide-batch.js';
import { findStoredResults } from './idempotency.js';
import { appendCommands, readSnapshots, type LeadWrite, type WriteOutcome } from './lead-store.js';
import { allNewLeads, appendNewLeads } from './append-new-leads.js';
import { appendMoves, plainMoves } from './append-moves.js';

/** What the writer needs: the store, the pipelines, the policy knobs, a clock. */
export interface CommandWriterDeps {
  db: Kysely<Database>;
  pipelines: PipelineCatalog;
  idempotencyTtlHours: number;
  maxClockSkewMs: number;
  now: () => Date;
  logger?: Logger;
  /** Called after a batch that appended events (in-process hint to the relay; no database). */
  onAppended?: () => void;
  /** Most units per batch (default 256). */
  maxBatch?: number;
  /**
   * Batches written at once (default 1). With one, the commands arriving while a batch commits
   * all go in the next: fewer, larger batches. Measured with 32 clients, that is less CPU per
   * command and a lower latency than two batches at once, whose smaller batches each pay a
   * statement, a commit and a relay wake-up.
   */
  maxInFlight?: number;
}

/**
 * Bound of the rounds of one unit: each lost race means another writer committed, so N
 * concurrent writers of one lead need at most N rounds.
 */
const MAX_ROUNDS = 32;

/** SQLSTATEs after which the whole batch is decided again: nothing of it was written. */
const RETRYABLE = new Set(['40P01', '40001', '23505']);

/** A failure after which the whole batch is decided again (nothing of it was written). */
function lostRace(err: unknown): boolean {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && RETRYABLE.has(code);
}

type Answer = CommandResult | typeof RETRY | typeof DEFER;

interface Queued {
  request: CommandRequest;
  rounds: number;
  resolve: (result: CommandResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit. Units arriving while a batch is being written wait and go together in the next
 * one: one read of their leads' snapshots and idempotency keys, decisions in memory in arrival
 * order (a unit sees the units before it on its lead), one `append_commands` statement. Each
 * unit gets its own result; a unit whose lead moved meanwhile is decided again in a later batch
 * (bounded), never failing its neighbours.
 */
export class CommandWriter {
  readonly #deps: CommandWriterDeps;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  #queue: Queued[] = [];
  #inFlight = 0;

  constructor(deps: CommandWriterDeps) {
    this.#deps = deps;
    this.#maxBatch = deps.maxBatch ?? 256;
    this.#maxInFlight = deps.maxInFlight ?? 1;
  }

  /** Decides and appends one unit; resolves with its result once committed (or refused). */
  execute(request: CommandRequest): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, rounds: 0, resolve, reject });
      this.#pump();
    });
  }

  /**
   * Decides and appends many units at once, outside the group-commit queue: one read of their
   * leads and keys, decisions in order (a unit sees the units before it), and one write (set-based
   * when they all create new leads, see {@link appendNewLeads}). A unit the batch cannot
   * settle (its lead or key was taken meanwhile, or it repeats an earlier unit of the batch) goes
   * through {@link execute} afterwards, so each unit gets exactly the answer it would alone.
   * Settles each unit's result separately, in the order given.
   */
  async executeMany(
    requests: readonly CommandRequest[],
  ): Promise<PromiseSettledResult<CommandResult>[]> {
    let answers: Answer[];
    try {
      answers = await this.#write(requests);
    } catch (err) {
      if (!lostRace(err)) return requests.map(() => ({ status: 'rejected', reason: err }));
      this.#deps.logger?.warn({ err, units: requests.length }, 'batch lost a race; one by one');
      answers = requests.map(() => RETRY);
    }
    return Promise.allSettled(
      requests.map((request, i) => {
        const answer = answers[i];
        return answer === undefined || answer === RETRY || answer === DEFER
          ? this.execute(request)
          : Promise.resolve(answer);
      }),
    );
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlight += 1;
      void this.#run(batch).finally(() => {
        this.#inFlight -= 1;
        this.#pump();
      });
    }
  }

  async #run(batch: Queued[]): Promise<void> {
    let answers: Answer[];
    try {
      answers = await this.#write(batch.map((q) => q.request));
    } catch (err) {
      if (lostRace(err)) {
        this.#deps.logger?.warn({ err, units: batch.length }, 'batch lost a race; deciding again');
        this.#again(batch);
      } else {
        for (const q of batch) q.reject(err);
      }
      return;
    }
    const again: Queued[] = [];
    const deferred: Queued[] = [];
    for (const [i, q] of batch.entries()) {
      const answer = answers[i];
      if (answer === RETRY) again.push(q);
      else if (answer === DEFER) deferred.push(q);
      else if (answer !== undefined) q.resolve(answer);
    }
    this.#again(again);
    this.#queue.unshift(...deferred);
  }

  /** Puts units back at the head of the queue for another round, or fails them past the bound. */
  #again(units: Queued[]): void {
    const retry: Queued[] = [];
    for (const q of units) {
      q.rounds += 1;
      // Decided again, the unit reads its lead like any other (a lost race means it exists).
      q.request = { ...q.request, generatedLeadId: false };
      if (q.rounds < MAX_ROUNDS) retry.push(q);
      else {
        q.reject(
          new AppError(
            'unavailable',
            `lead ${q.request.commands[0].leadId} is changed by too many concurrent requests`,
            { retryAfterSeconds: 1 },
          ),
        );
      }
    }
    this.#queue.unshift(...retry);
  }

  async #write(requests: readonly CommandRequest[]): Promise<Answer[]> {
    const deps = this.#deps;
    // A lead whose id this request generated has nothing stored: a batch of plain creates
    // goes to the database once, for its write.
    const stored = requests.filter((r) => r.generatedLeadId !== true);
    const leadIds = [...new Set(stored.map((r) => r.commands[0].leadId))];
    const claims = requests.flatMap((r) => (r.idempotency ? [r.idempotency] : []));
    const [snapshots, keys] = await Promise.all([
      leadIds.length === 0 ? new Map<string, LeadSnapshot>() : readSnapshots(deps.db, leadIds),
      findStoredResults(deps.db, claims, deps.idempotencyTtlHours),
    ]);
    const decided = decideBatch(
      requests,
      { snapshots, keys },
      {
        pipelines: deps.pipelines,
        maxClockSkewMs: deps.maxClockSkewMs,
        idempotencyTtlHours: deps.idempotencyTtlHours,
        now: deps.now().toISOString(),
        newLeadKey,
      },
    );
    const outcomes = await this.#append(decided.writes);
    if ([...outcomes.values()].some((o) => o.outcome === 'ok')) deps.onAppended?.();
    return decided.answer(outcomes);
  }

  /**
   * One set-based statement when the batch only creates leads, or holds no idempotency key and
   * no erasure (`appendMoves`), else `append_commands`.
   */
  #append(writes: readonly LeadWrite[]): Promise<Map<number, WriteOutcome>> {
    if (writes.length === 0) return Promise.resolve(new Map<number, WriteOutcome>());
    if (allNewLeads(writes)) {
      return appendNewLeads(this.#deps.db, writes, this.#deps.idempotencyTtlHours);
    }
    if (plainMoves(writes)) return appendMoves(this.#deps.db, writes);
    return appendCommands(this.#deps.db, writes);
  }
}
