import { z } from 'zod';
import { eventEnvelope } from './event-envelope.js';
import { StageId } from './stage-id.js';

/** Data of `DealReopened`: the closed stage it leaves (`won` or `lost`) and the open stage it enters. */
export const DealReopenedData = z.object({
  fromStage: StageId.describe('The won or lost stage the deal was closed in'),
  toStage: StageId.describe('The open stage the deal is reopened in'),
});

/** @see DealReopenedData */
export type DealReopenedData = z.infer<typeof DealReopenedData>;

/** A won or lost deal was reopened into an open stage; its close no longer counts. */
export const dealReopenedSchema = eventEnvelope('DealReopened', DealReopenedData).meta({
  title: 'DealReopened',
  description: 'A won or lost deal was reopened into an open stage',
});

/** @see dealReopenedSchema */
export type DealReopened = z.infer<typeof dealReopenedSchema>;
