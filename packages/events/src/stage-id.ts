import type { z } from 'zod';
import { identifier } from './identifier.js';

/**
 * A stage's id within its pipeline (e.g. `qualify`). Events carry stage ids, never positions,
 * so a pipeline can change without rewriting history.
 */
export const StageId = identifier().describe('Stage id: 1–64 characters of [A-Za-z0-9_.:-]');

/** @see StageId */
export type StageId = z.infer<typeof StageId>;
