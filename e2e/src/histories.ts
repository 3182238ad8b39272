import { b2cPipeline, defaultPipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import { commandsFromHistory, driveCommands, generateHistory } from '@dealflow/testkit';
import { expect } from 'vitest';
import type { Stack } from './stack.js';

/** The pipelines every end-to-end history spreads its leads over. */
export const PIPELINES = [defaultPipeline, b2cPipeline];
const DAY = 86_400_000;

/**
 * A seeded history over both pipelines whose leads were created from `daysAgo` days back over
 * `spanDays` days, and whose last event is a minute old (so the command API accepts it all).
 */
export function recentHistory(
  seed: number,
  leads: number,
  { daysAgo = 30, spanDays = 25 }: { daysAgo?: number; spanDays?: number } = {},
): LeadEvent[] {
  const now = Date.now();
  return generateHistory({
    leads,
    seed,
    start: new Date(now - daysAgo * DAY),
    spanDays,
    pipelines: PIPELINES,
    until: new Date(now - 60_000),
  });
}

/** Sends every lead's commands over HTTP, 8 leads at a time; every one must be accepted. */
export async function driveAccepted(stack: Stack, events: readonly LeadEvent[]): Promise<void> {
  const driven = await driveCommands(stack.command.url, commandsFromHistory(events), {
    concurrency: 8,
  });
  expect(driven.failed).toEqual([]);
}
