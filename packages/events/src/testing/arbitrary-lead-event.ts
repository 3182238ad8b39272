import fc from 'fast-check';
import type { LeadEvent } from '../lead-event.js';

const id = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/);
const text = (max: number) => fc.string({ minLength: 1, maxLength: max, unit: 'grapheme' });
const timestamp = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());
const money = fc.record({
  value: fc.maxSafeNat(),
  currency: fc.stringMatching(/^[A-Z]{3}$/),
});
/**
 * Any metadata but a `__proto__` key, which decoding drops on purpose (a key of that name never
 * becomes the decoded object's prototype; `decode-event.test.ts` proves it on its own).
 */
const metadata = fc.dictionary(
  fc.string({ maxLength: 20 }).filter((key) => key !== '__proto__'),
  fc.string({ maxLength: 40 }),
  { maxKeys: 4 },
);
const common = {
  id: fc.uuid({ version: 7 }),
  schemaVersion: fc.constant(1 as const),
  leadId: id,
  version: fc.integer({ min: 2, max: 1_000_000 }),
  pipelineId: id,
  occurredAt: timestamp,
  recordedAt: timestamp,
  metadata,
};

/** Any valid lead event, for property tests only. */
export const arbitraryLeadEvent: fc.Arbitrary<LeadEvent> = fc.oneof(
  fc.record({
    ...common,
    type: fc.constant('LeadCreated' as const),
    version: fc.constant(1 as const),
    data: fc.record(
      {
        name: text(200),
        company: text(200),
        source: text(100),
        ownerId: text(200),
        amount: money,
        stage: id,
      },
      { requiredKeys: ['name', 'amount', 'stage'] },
    ),
  }),
  fc.record({
    ...common,
    type: fc.constant('StageAdvanced' as const),
    data: fc.record({ fromStage: id, toStage: id }),
  }),
  fc.record({
    ...common,
    type: fc.constant('DealWon' as const),
    data: fc.record(
      { amount: money, reason: text(200), fromStage: id },
      { requiredKeys: ['amount', 'fromStage'] },
    ),
  }),
  fc.record({
    ...common,
    type: fc.constant('DealLost' as const),
    data: fc.record(
      { reason: text(200), note: text(2000), fromStage: id },
      { requiredKeys: ['reason', 'fromStage'] },
    ),
  }),
  fc.record({
    ...common,
    type: fc.constant('StageMovedBack' as const),
    data: fc.record({ fromStage: id, toStage: id }),
  }),
  fc.record({
    ...common,
    type: fc.constant('DealReopened' as const),
    data: fc.record({ fromStage: id, toStage: id }),
  }),
  fc.record({
    ...common,
    type: fc.constant('AmountChanged' as const),
    data: fc.record({ amount: money, previousAmount: money }),
  }),
  fc.record({
    ...common,
    type: fc.constant('OwnerReassigned' as const),
    data: fc.record(
      { ownerId: text(200), previousOwnerId: text(200) },
      { requiredKeys: ['ownerId'] },
    ),
  }),
);
