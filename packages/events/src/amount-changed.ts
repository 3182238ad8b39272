import { z } from 'zod';
import { eventEnvelope } from './event-envelope.js';
import { Money } from './money.js';

/** Data of `AmountChanged`: the new expected amount and the one it replaces. */
export const AmountChangedData = z.object({
  amount: Money.describe('New expected amount'),
  previousAmount: Money.describe('The expected amount before the change'),
});

/** @see AmountChangedData */
export type AmountChangedData = z.infer<typeof AmountChangedData>;

/** The expected amount (value, currency or both) of an open lead changed. */
export const amountChangedSchema = eventEnvelope('AmountChanged', AmountChangedData).meta({
  title: 'AmountChanged',
  description: 'The expected amount of an open lead changed',
});

/** @see amountChangedSchema */
export type AmountChanged = z.infer<typeof amountChangedSchema>;
