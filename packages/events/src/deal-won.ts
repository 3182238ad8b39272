import { z } from 'zod';
import { eventEnvelope } from './event-envelope.js';
import { freeText } from './free-text.js';
import { Money } from './money.js';
import { StageId } from './stage-id.js';

/** Data of `DealWon`: the final amount, why it was won, and the open stage it was won from. */
export const DealWonData = z.object({
  amount: Money.describe('Final amount'),
  reason: freeText(200).optional(),
  fromStage: StageId,
});

/** @see DealWonData */
export type DealWonData = z.infer<typeof DealWonData>;

/** The contract was signed; the lead is closed (until a `DealReopened`). */
export const dealWonSchema = eventEnvelope('DealWon', DealWonData).meta({
  title: 'DealWon',
  description: 'The contract was signed; the lead is closed',
});

/** @see dealWonSchema */
export type DealWon = z.infer<typeof dealWonSchema>;
