import { StageId } from '@dealflow/events';
import { z } from 'zod';

/**
 * One stage of a pipeline: `open` stages form the funnel in order; `won` and `lost` are the
 * terminal outcomes. `probability` is the chance of closing won from this stage (0..1).
 */
export const stageSchema = z.object({
  id: StageId,
  name: z.string().min(1).max(100),
  probability: z.number().min(0).max(1),
  kind: z.enum(['open', 'won', 'lost']),
});

/** @see stageSchema */
export type Stage = z.infer<typeof stageSchema>;
