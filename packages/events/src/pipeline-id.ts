import type { z } from 'zod';
import { identifier } from './identifier.js';

/** A pipeline's id (e.g. `default`, `b2c`). */
export const PipelineId = identifier().describe('Pipeline id: 1–64 characters of [A-Za-z0-9_.:-]');

/** @see PipelineId */
export type PipelineId = z.infer<typeof PipelineId>;
