import { defaultPipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import fc from 'fast-check';
import { Dice } from './history-dice.js';
import { envelopes, withDuplicates } from './history-envelopes.js';
import { creationTime, leadStory, withErasure } from './history-lead-story.js';
import type { HistoryOptions } from './history-options.js';

export type { HistoryOptions } from './history-options.js';

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
