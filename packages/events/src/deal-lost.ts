import { z } from 'zod';
import { eventEnvelope } from './event-envelope.js';
import { freeText } from './free-text.js';
import { StageId } from './stage-id.js';

/** Data of `DealLost`: a reason from the pipeline's configured list, a free note, the stage. */
export const DealLostData = z.object({
  reason: freeText(200).describe("One of the pipeline's lost reasons"),
  note: freeText(2000).optional(),
  fromStage: StageId,
});

/** @see DealLostData */
export type DealLostData = z.infer<typeof DealLostData>;

/** The prospect walked away; the lead is closed (until a `DealReopened`). */
export const dealLostSchema = eventEnvelope('DealLost', DealLostData).meta({
  title: 'DealLost',
  description: 'The prospect walked away; the lead is closed',
});

/** @see dealLostSchema */
export type DealLost = z.infer<typeof dealLostSchema>;
