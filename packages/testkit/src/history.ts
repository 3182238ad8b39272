import { defaultPipeline, type Pipeline } from '@dealflow/domain';
import {
  SCHEMA_VERSIONS,
  type AmountChangedData,
  type DealLostData,
  type DealReopenedData,
  type DealWonData,
  type LeadCreatedData,
  type LeadErasedData,
  type LeadEvent,
  type Money,
  type OwnerReassignedData,
  type StageAdvancedData,
  type StageMovedBackData,
} from '@dealflow/events';
import fc from 'fast-check';

/** What {@link generateHistory} produces; every field but `leads`, `seed`, `start` has a default. */
export interface HistoryOptions {
  /** How many leads to create. */
  leads: number;
  /** Seed of the PRNG: the same options always give the same events. */
  seed: number;
  /** Earliest creation instant. */
  start: Date | string;
  /** Pipelines the leads are spread over; the first gets twice the share of each other one. */
  pipelines?: readonly Pipeline[];
  /** Leads are created over this many days after `start` (default 28). */
  spanDays?: number;
  /** Owner ids (default four); about one lead in ten has none. */
  owners?: readonly string[];
  /** Sources (default four); about one lead in seven has none. */
  sources?: readonly string[];
  /** Relative weight of "the lead just stays where it is" at each step (default 0.25). */
  stopWeight?: number;
  /** Relative weight of "the lead moves on" at each open stage but the last (default 0.45). */
  advanceWeight?: number;
  /**
   * Whether leads also move back, are reopened, change amount and owner (default true); false
   * gives histories of the four event types written before those existed.
   */
  crmChanges?: boolean;
  /** Share of events delivered a second time, later in the list (default 0). */
  duplicateShare?: number;
  /**
   * No event occurs after this instant (default: none): a lead whose next step would fall later
   * stays where it is. Lets end-to-end tests replay histories that end "now".
   */
  until?: Date | string | undefined;
}

const DAY_MS = 86_400_000;
const WON_REASONS = ['best_fit', 'relationship', 'price', 'features'] as const;

/** mulberry32: tiny, fast, good enough for test data, and identical on every platform. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The random choices of one history, all drawn from one seeded stream. */
class Dice {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** Index drawn with the given relative weights. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (const [i, w] of weights.entries()) {
      r -= w;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  hex(digits: number): string {
    let s = '';
    for (let i = 0; i < digits; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  /** A UUIDv7 whose timestamp is `ms` (the event's recordedAt) and whose rest is seeded. */
  uuidv7(ms: number): string {
    const t = ms.toString(16).padStart(12, '0');
    const variant = (8 + this.int(0, 3)).toString(16);
    return `${t.slice(0, 8)}-${t.slice(8)}-7${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}

type Step =
  | { type: 'StageAdvanced'; toIndex: number }
  | { type: 'StageMovedBack'; toIndex: number }
  | { type: 'AmountChanged' }
  | { type: 'OwnerReassigned' }
  | { type: 'DealWon' }
  | { type: 'DealLost' }
  | { type: 'stop' };

/** Share of closed deals that are reopened (the customer came back, or a close was a mistake). */
const REOPEN_SHARE = 0.15;

/**
 * What happens next to a lead in open stage `index` of `open`. Later stages (higher win
 * probability) win more and lose less; most leads stop or are lost early, as in real funnels.
 */
function nextStep(
  dice: Dice,
  open: readonly Pipeline['stages'][number][],
  index: number,
  weights: { stop: number; advance: number; crm: boolean },
): Step {
  const p = open[index]?.probability ?? 0;
  const last = index === open.length - 1;
  const choice = dice.weighted([
    weights.stop,
    0.05 + 0.35 * (1 - p),
    0.3 * p,
    last ? 0 : weights.advance,
    index === 0 || !weights.crm ? 0 : 0.08,
    weights.crm ? 0.06 : 0,
    weights.crm ? 0.05 : 0,
  ]);
  if (choice === 0) return { type: 'stop' };
  if (choice === 1) return { type: 'DealLost' };
  if (choice === 2) return { type: 'DealWon' };
  if (choice === 4) return { type: 'StageMovedBack', toIndex: dice.int(0, index - 1) };
  if (choice === 5) return { type: 'AmountChanged' };
  if (choice === 6) return { type: 'OwnerReassigned' };
  const skip = index + 2 < open.length && dice.chance(0.15);
  return { type: 'StageAdvanced', toIndex: index + (skip ? 2 : 1) };
}

/** Creation instant: mostly arbitrary milliseconds, sometimes exactly midnight or a whole minute. */
function creationTime(dice: Dice, startMs: number, spanDays: number): number {
  const t = startMs + Math.floor(dice.next() * spanDays * DAY_MS);
  const snap = dice.weighted([0.8, 0.1, 0.1]);
  if (snap === 1) return Math.max(startMs, Math.floor(t / DAY_MS) * DAY_MS);
  if (snap === 2) return Math.max(startMs, Math.floor(t / 60_000) * 60_000);
  return t;
}

/** Time until a lead's next event: usually days, sometimes the very same instant. */
function gapMs(dice: Dice): number {
  if (dice.chance(0.05)) return 0;
  return Math.floor(-Math.log(1 - dice.next()) * 3 * DAY_MS);
}

/** One business fact of a lead, before its envelope is added. */
type Draft = { occurredMs: number } & (
  | { type: 'LeadCreated'; data: LeadCreatedData }
  | { type: 'StageAdvanced'; data: StageAdvancedData }
  | { type: 'DealWon'; data: DealWonData }
  | { type: 'DealLost'; data: DealLostData }
  | { type: 'StageMovedBack'; data: StageMovedBackData }
  | { type: 'DealReopened'; data: DealReopenedData }
  | { type: 'AmountChanged'; data: AmountChangedData }
  | { type: 'OwnerReassigned'; data: OwnerReassignedData }
  | { type: 'LeadErased'; data: LeadErasedData }
);

type Envelope = Omit<LeadEvent, 'type' | 'data' | 'version' | 'schemaVersion'>;

/** Wraps a draft in its envelope; a switch so each type keeps its own data shape. */
function wrap(draft: Draft, envelope: Envelope, version: number): LeadEvent {
  switch (draft.type) {
    case 'LeadCreated': {
      const { type, data } = draft;
      return { ...envelope, type, data, version: 1, schemaVersion: SCHEMA_VERSIONS[type] };
    }
    case 'StageAdvanced':
    case 'DealWon':
    case 'DealLost':
    case 'StageMovedBack':
    case 'DealReopened':
    case 'AmountChanged':
    case 'OwnerReassigned':
    case 'LeadErased': {
      const { occurredMs: _ignored, ...fact } = draft;
      return { ...envelope, ...fact, version, schemaVersion: 1 };
    }
  }
}

/** The business facts of one lead's life, in order, before envelopes are added. */
function leadStory(
  dice: Dice,
  pipeline: Pipeline,
  createdMs: number,
  options: Pick<
    Required<HistoryOptions>,
    'owners' | 'sources' | 'stopWeight' | 'advanceWeight' | 'crmChanges'
  >,
  untilMs: number,
): Draft[] {
  const open = pipeline.stages.filter((s) => s.kind === 'open');
  const first = open[0];
  if (first === undefined) throw new Error(`pipeline ${pipeline.id} has no open stage`);
  let amount: Money = {
    value: dice.int(10, 1000) * 10_000,
    currency: dice.chance(0.85) ? 'EUR' : 'USD',
  };
  let ownerId = dice.chance(0.1) ? undefined : dice.pick(options.owners);
  const source = dice.chance(0.15) ? undefined : dice.pick(options.sources);
  const drafts: Draft[] = [
    {
      type: 'LeadCreated',
      occurredMs: createdMs,
      data: {
        name: `Lead ${dice.hex(6)}`,
        ...(dice.chance(0.7) ? { company: `Company ${dice.hex(4)}` } : {}),
        ...(source === undefined ? {} : { source }),
        ...(ownerId === undefined ? {} : { ownerId }),
        amount,
        stage: first.id,
      },
    },
  ];
  let index = 0;
  let t = createdMs;
  for (;;) {
    const step = nextStep(dice, open, index, {
      stop: options.stopWeight,
      advance: options.advanceWeight,
      crm: options.crmChanges,
    });
    if (step.type === 'stop') return drafts;
    t += gapMs(dice);
    if (t > untilMs) return drafts;
    const fromStage = open[index]?.id ?? first.id;
    let closedAs: 'won' | 'lost' | undefined;
    if (step.type === 'StageAdvanced' || step.type === 'StageMovedBack') {
      const toStage = open[step.toIndex]?.id ?? first.id;
      drafts.push({ type: step.type, occurredMs: t, data: { fromStage, toStage } });
      index = step.toIndex;
    } else if (step.type === 'AmountChanged') {
      const currency = dice.chance(0.1)
        ? amount.currency === 'EUR'
          ? 'USD'
          : 'EUR'
        : amount.currency;
      const next = { value: dice.int(10, 1000) * 10_000, currency };
      if (next.value === amount.value && currency === amount.currency) continue;
      drafts.push({
        type: 'AmountChanged',
        occurredMs: t,
        data: { amount: next, previousAmount: amount },
      });
      amount = next;
    } else if (step.type === 'OwnerReassigned') {
      const next = dice.pick(options.owners);
      if (next === ownerId) continue;
      const previous = ownerId === undefined ? {} : { previousOwnerId: ownerId };
      drafts.push({ type: 'OwnerReassigned', occurredMs: t, data: { ownerId: next, ...previous } });
      ownerId = next;
    } else if (step.type === 'DealWon') {
      const value = dice.chance(0.3)
        ? amount.value
        : Math.round(amount.value * (0.8 + 0.4 * dice.next()));
      const reason = dice.chance(0.5) ? { reason: dice.pick(WON_REASONS) } : {};
      amount = { value, currency: amount.currency };
      drafts.push({ type: 'DealWon', occurredMs: t, data: { amount, ...reason, fromStage } });
      closedAs = 'won';
    } else {
      const note = dice.chance(0.3) ? { note: `note ${dice.hex(8)}` } : {};
      const reason = dice.pick(pipeline.lostReasons);
      drafts.push({ type: 'DealLost', occurredMs: t, data: { reason, ...note, fromStage } });
      closedAs = 'lost';
    }
    if (closedAs === undefined) continue;
    if (!options.crmChanges || !dice.chance(REOPEN_SHARE)) return drafts;
    t += gapMs(dice);
    if (t > untilMs) return drafts;
    index = dice.int(0, open.length - 1);
    const toStage = open[index]?.id ?? first.id;
    drafts.push({ type: 'DealReopened', occurredMs: t, data: { fromStage: closedAs, toStage } });
  }
}

/**
 * One lead in eight (by its name, so no random draw shifts the rest of the history) has its
 * personal data erased an hour after its last event, if that is not past `untilMs`.
 */
function withErasure(drafts: Draft[], untilMs: number, crmChanges: boolean): Draft[] {
  const [created] = drafts;
  const last = drafts.at(-1);
  if (!crmChanges || created?.type !== 'LeadCreated' || last === undefined) return drafts;
  if (!/[08]$/.test(created.data.name)) return drafts;
  const occurredMs = last.occurredMs + 3_600_000;
  if (occurredMs > untilMs) return drafts;
  return [...drafts, { type: 'LeadErased', occurredMs, data: {} }];
}

/** Full envelopes for one lead; one lead in five is imported later (backdated occurredAt). */
function envelopes(
  dice: Dice,
  leadId: string,
  pipelineId: string,
  drafts: readonly Draft[],
): LeadEvent[] {
  const lastOccurred = drafts.at(-1)?.occurredMs ?? 0;
  const importedAt = dice.chance(0.2) ? lastOccurred + dice.int(1, 5 * DAY_MS) : undefined;
  const correlationId = `gen-${dice.hex(12)}`;
  let recorded = 0;
  return drafts.map((draft, i) => {
    const latency = dice.int(5, 500);
    recorded = Math.max(recorded + 1, (importedAt ?? draft.occurredMs) + latency);
    const envelope: Envelope = {
      id: dice.uuidv7(recorded),
      leadId,
      pipelineId,
      occurredAt: new Date(draft.occurredMs).toISOString(),
      recordedAt: new Date(recorded).toISOString(),
      metadata: { correlationId, actor: importedAt === undefined ? 'user:gen' : 'import:gen' },
    };
    return wrap(draft, envelope, i + 1);
  });
}

/** Re-inserts a share of the events once more at a random later index (at-least-once delivery). */
function withDuplicates(dice: Dice, events: LeadEvent[], share: number): LeadEvent[] {
  if (share <= 0) return events;
  const out = [...events];
  for (const event of events) {
    if (!dice.chance(share)) continue;
    const at = out.indexOf(event);
    out.splice(dice.int(at + 1, out.length), 0, { ...event });
  }
  return out;
}

/**
 * A realistic, deterministic history of many leads, as the event store would hold it: leads
 * created over some weeks, moving forward (sometimes skipping a stage) and sometimes back, most
 * stopping early, some won with a final amount, some lost with one of the pipeline's lost
 * reasons, some of those reopened; amounts renegotiated (now and then in another currency) and
 * leads handed to another owner; some erased (personal data only); several owners, sources and currencies; some leads imported with backdated `occurredAt`. Per lead,
 * versions run 1…n and `occurredAt` never decreases; the list is in `recordedAt` order.
 *
 * @example const events = generateHistory({ leads: 500, seed: 7, start: '2025-03-01T00:00:00Z' });
 */
export function generateHistory(options: HistoryOptions): LeadEvent[] {
  const opts: Required<Omit<HistoryOptions, 'until'>> = {
    pipelines: [defaultPipeline],
    spanDays: 28,
    owners: ['owner-1', 'owner-2', 'owner-3', 'owner-4'],
    sources: ['web', 'referral', 'event', 'outbound'],
    duplicateShare: 0,
    crmChanges: true,
    stopWeight: 0.25,
    advanceWeight: 0.45,
    ...options,
  };
  const dice = new Dice(opts.seed);
  const startMs = new Date(opts.start).getTime();
  const untilMs = options.until === undefined ? Infinity : new Date(options.until).getTime();
  const pipelineWeights = opts.pipelines.map((_, i) => (i === 0 ? 2 : 1));
  const all: LeadEvent[] = [];
  for (let i = 0; i < opts.leads; i++) {
    const pipeline = opts.pipelines[dice.weighted(pipelineWeights)] ?? defaultPipeline;
    const leadId = `lead-${String(i).padStart(5, '0')}-${dice.hex(6)}`;
    const createdMs = Math.min(creationTime(dice, startMs, opts.spanDays), untilMs);
    const story = leadStory(dice, pipeline, createdMs, opts, untilMs);
    const drafts = withErasure(story, untilMs, opts.crmChanges);
    all.push(...envelopes(dice, leadId, pipeline.id, drafts));
  }
  // Code-unit order (not localeCompare), so the order is the same under every locale.
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  all.sort(
    (a, b) => cmp(a.recordedAt, b.recordedAt) || cmp(a.leadId, b.leadId) || a.version - b.version,
  );
  return withDuplicates(dice, all, opts.duplicateShare);
}

/**
 * A fast-check arbitrary of histories built on {@link generateHistory}: it draws the seed and
 * the number of leads (shrinking towards fewer leads); the other options are fixed by the caller.
 *
 * @example fc.assert(fc.property(historyArbitrary({ maxLeads: 30 }), (events) => …));
 */
export function historyArbitrary(
  options: Partial<Omit<HistoryOptions, 'leads' | 'seed'>> & { maxLeads?: number } = {},
): fc.Arbitrary<LeadEvent[]> {
  const { maxLeads = 40, start = '2025-03-01T00:00:00.000Z', ...rest } = options;
  return fc
    .record({ seed: fc.integer(), leads: fc.integer({ min: 0, max: maxLeads }) })
    .map(({ seed, leads }) => generateHistory({ ...rest, start, seed, leads }));
}
