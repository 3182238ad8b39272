import { z } from 'zod';
import { eventEnvelope } from './event-envelope.js';
import { freeText } from './free-text.js';
import { Money } from './money.js';
import { StageId } from './stage-id.js';

/** Data of `LeadCreated`: who the lead is and what it is expected to be worth. */
export const LeadCreatedData = z.object({
  name: freeText(200),
  company: freeText(200).optional(),
  source: freeText(100).optional(),
  ownerId: freeText(200).optional(),
  amount: Money.describe('Expected amount'),
  stage: StageId.describe("The pipeline's first stage"),
});

/** @see LeadCreatedData */
export type LeadCreatedData = z.infer<typeof LeadCreatedData>;

/** A lead entered the funnel at its pipeline's first stage. Always version 1 of its stream. */
export const leadCreatedSchema = eventEnvelope('LeadCreated', LeadCreatedData)
  .extend({ version: z.literal(1) })
  .meta({
    title: 'LeadCreated',
    description: "A lead entered the funnel at its pipeline's first stage",
  });

/** @see leadCreatedSchema */
export type LeadCreated = z.infer<typeof leadCreatedSchema>;
