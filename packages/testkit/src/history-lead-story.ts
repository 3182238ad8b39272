import type { Pipeline } from '@dealflow/domain';
import type {
  AmountChangedData,
  DealLostData,
  DealReopenedData,
  DealWonData,
  LeadCreatedData,
  LeadErasedData,
  Money,
  OwnerReassignedData,
  StageAdvancedData,
  StageMovedBackData,
} from '@dealflow/events';
import type { Dice } from './history-dice.js';
import type { HistoryOptions } from './history-options.js';

export const DAY_MS = 86_400_000;
const WON_REASONS = ['best_fit', 'relationship', 'price', 'features'] as const;

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
export function creationTime(dice: Dice, startMs: number, spanDays: number): number {
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
export type Draft = { occurredMs: number } & (
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

/** The business facts of one lead's life, in order, before envelopes are added. */
export function leadStory(
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
export function withErasure(drafts: Draft[], untilMs: number, crmChanges: boolean): Draft[] {
  const [created] = drafts;
  const last = drafts.at(-1);
  if (!crmChanges || created?.type !== 'LeadCreated' || last === undefined) return drafts;
  if (!/[08]$/.test(created.data.name)) return drafts;
  const occurredMs = last.occurredMs + 3_600_000;
  if (occurredMs > untilMs) return drafts;
  return [...drafts, { type: 'LeadErased', occurredMs, data: {} }];
}
