import {
  decide,
  evolve,
  type LeadSnapshot,
  type LeadState,
  type PipelineCatalog,
} from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type { AcceptedResult, CommandRequest, CommandResult, Refusal } from './command-result.js';
import { claimId, type StoredResult } from './idempotency.js';
import { sealPersonalData } from './seal-personal-data.js';
import { toEnvelopes, type LeadWrite, type WriteOutcome } from './lead-store.js';

/** The policy a batch is decided with. */
export interface DecideSettings {
  pipelines: PipelineCatalog;
  maxClockSkewMs: number;
  idempotencyTtlHours: number;
  now: string;
  /** A new lead's data key (32 random bytes); its personal fields are sealed with it. */
  newLeadKey: () => Buffer;
}

/** A unit that must go through another round: its write lost a race, or it was decided on one. */
export const RETRY = Symbol('retry');
/** A unit repeating an idempotency key of an earlier unit of its batch: it waits for its answer. */
export const DEFER = Symbol('defer');

/** The decision of a unit before the write: a result, or a write whose outcome decides it. */
type Pending =
  | { kind: 'done'; result: CommandResult | typeof DEFER; dependsOn: number | undefined }
  | { kind: 'write'; write: LeadWrite; after: LeadSnapshot; dependsOn: number | undefined };

/** A decided batch: what to write, and how to turn the write's outcomes into answers. */
export interface DecidedBatch {
  writes: LeadWrite[];
  answer(
    outcomes: ReadonlyMap<number, WriteOutcome>,
  ): (CommandResult | typeof RETRY | typeof DEFER)[];
}

const refused = (refusal: Omit<Refusal, 'commandIndex'> & { commandIndex?: number }) =>
  ({ ok: false, refusal: { commandIndex: 0, ...refusal } }) as const;

/**
 * Decides the units of a batch in arrival order against the leads' stored states, as if they ran
 * one after the other: a unit sees the units before it on its lead. Pure: the reads are passed
 * in, the writes handed back.
 */
export function decideBatch(
  requests: readonly CommandRequest[],
  stored: { snapshots: ReadonlyMap<string, LeadSnapshot>; keys: ReadonlyMap<string, StoredResult> },
  settings: DecideSettings,
): DecidedBatch {
  const working = new Map<string, LeadState>(stored.snapshots);
  const lastWrite = new Map<string, number>();
  const claimed = new Set<string>();
  const pending: Pending[] = requests.map((request, seq) => {
    const leadId = request.commands[0].leadId;
    const dependsOn = lastWrite.get(leadId);
    const claim = request.idempotency;
    if (claim) {
      const id = claimId(claim);
      const earlier = stored.keys.get(id);
      if (earlier) {
        const result: CommandResult =
          earlier.requestHash === claim.requestHash
            ? { ok: true, replayed: true, ...earlier.result }
            : refused({
                code: 'idempotency_key_reused',
                detail: `Idempotency-Key ${claim.key} was already used for a different request`,
              });
        return { kind: 'done', result, dependsOn: undefined };
      }
      if (claimed.has(id)) return { kind: 'done', result: DEFER, dependsOn: undefined };
      claimed.add(id);
    }
    const before = working.get(leadId) ?? { status: 'none' };
    const expected = request.expectedVersion;
    if (expected !== undefined && before.status !== 'none' && before.version !== expected) {
      const result = refused({
        code: 'version_conflict',
        detail: `lead ${leadId} is at version ${before.version}, not ${expected}`,
        currentVersion: before.version,
      });
      return { kind: 'done', result, dependsOn };
    }
    let state = before;
    let key: Buffer | null = null;
    const events: LeadEvent[] = [];
    for (const [commandIndex, command] of request.commands.entries()) {
      const decision = decide(command, state, settings);
      if (!decision.ok) {
        return { kind: 'done', result: refused({ ...decision.error, commandIndex }), dependsOn };
      }
      const creates = decision.events.some((event) => event.type === 'LeadCreated');
      if (creates) key = settings.newLeadKey();
      const decided =
        key && creates ? sealPersonalData(decision.events, leadId, key) : decision.events;
      const appended = toEnvelopes(state, leadId, decided, {
        recordedAt: settings.now,
        metadata: request.metadata,
      });
      state = appended.reduce(evolve, state);
      events.push(...appended);
    }
    if (state.status === 'none' || events.length === 0) {
      throw new Error(`lead ${leadId}: an accepted command appended nothing`);
    }
    working.set(leadId, state);
    lastWrite.set(leadId, seq);
    const write: LeadWrite = {
      seq,
      lead: leadId,
      expected: before.status === 'none' ? 0 : before.version,
      state,
      events,
      key: key?.toString('base64') ?? null,
      erase: events.some((event) => event.type === 'LeadErased'),
      idem: claim
        ? {
            scope: claim.scope,
            key: claim.key,
            hash: claim.requestHash,
            result: summary(state, 0),
            ttlHours: settings.idempotencyTtlHours,
          }
        : null,
    };
    return { kind: 'write', write, after: state, dependsOn };
  });
  return {
    writes: pending.flatMap((p) => (p.kind === 'write' ? [p.write] : [])),
    answer(outcomes) {
      // A unit decided on top of a write that did not happen must be decided again.
      const landed = (seq: number | undefined) =>
        seq === undefined || outcomes.get(seq)?.outcome === 'ok';
      return pending.map((p) => {
        if (!landed(p.dependsOn)) return RETRY;
        if (p.kind === 'done') return p.result;
        const outcome = outcomes.get(p.write.seq);
        if (outcome?.outcome !== 'ok') return RETRY;
        return { ok: true, replayed: false, ...summary(p.after, outcome.lastPosition) };
      });
    },
  };
}

function summary(lead: LeadSnapshot, lastPosition: number): AcceptedResult {
  return {
    leadId: lead.leadId,
    version: lead.version,
    stage: lead.stage,
    status: lead.status,
    lastPosition,
  };
}
