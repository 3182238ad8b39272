import { z } from 'zod';

/**
 * An amount of money: a non-negative safe integer of minor units (cents for EUR) and an
 * ISO 4217 currency code. Money aggregates are per currency, never mixed.
 *
 * @example { value: 1250000, currency: 'EUR' } // 12 500.00 €
 */
export const Money = z
  .object({
    value: z.int().nonnegative().describe('Integer minor units (e.g. cents)'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .describe('ISO 4217 currency code'),
  })
  .describe('Money in integer minor units of one currency');

/** @see Money */
export type Money = z.infer<typeof Money>;
