import { z } from 'zod';
import { eventEnvelope } from './event-envelope.js';
import { StageId } from './stage-id.js';

/** Data of `StageMovedBack`: the move, by stage ids. */
export const StageMovedBackData = z.object({
  fromStage: StageId,
  toStage: StageId.describe('An earlier open stage of the pipeline'),
});

/** @see StageMovedBackData */
export type StageMovedBackData = z.infer<typeof StageMovedBackData>;

/** An open lead moved back to an earlier open stage of its pipeline. */
export const stageMovedBackSchema = eventEnvelope('StageMovedBack', StageMovedBackData).meta({
  title: 'StageMovedBack',
  description: 'An open lead moved back to an earlier open stage',
});

/** @see stageMovedBackSchema */
export type StageMovedBack = z.infer<typeof stageMovedBackSchema>;
