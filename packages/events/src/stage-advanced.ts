import { z } from 'zod';
import { eventEnvelope } from './event-envelope.js';
import { StageId } from './stage-id.js';

/** Data of `StageAdvanced`: the move, by stage ids. */
export const StageAdvancedData = z.object({
  fromStage: StageId,
  toStage: StageId,
});

/** @see StageAdvancedData */
export type StageAdvancedData = z.infer<typeof StageAdvancedData>;

/** A lead moved forward to a later open stage (skipping stages is allowed). */
export const stageAdvancedSchema = eventEnvelope('StageAdvanced', StageAdvancedData).meta({
  title: 'StageAdvanced',
  description: 'A lead moved forward to a later open stage',
});

/** @see stageAdvancedSchema */
export type StageAdvanced = z.infer<typeof stageAdvancedSchema>;
