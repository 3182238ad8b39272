import type { Pipeline } from '@dealflow/domain';

/** What {@link generateHistory} produces; every field but `leads`, `seed`, `start` has a default. */
export interface HistoryOptions {
  /** How many leads to create. */
  leads: number;
  /** Seed of the PRNG: the same options always give the same events. */
  seed: number;
  /** Earliest creation instant. */
  start: Date | string;
  /** Pipelines the leads are spread over; the first gets twice the share of each other one. */
  pipelines?: readonly Pipeline[];
  /** Leads are created over this many days after `start` (default 28). */
  spanDays?: number;
  /** Owner ids (default four); about one lead in ten has none. */
  owners?: readonly string[];
  /** Sources (default four); about one lead in seven has none. */
  sources?: readonly string[];
  /** Relative weight of "the lead just stays where it is" at each step (default 0.25). */
  stopWeight?: number;
  /** Relative weight of "the lead moves on" at each open stage but the last (default 0.45). */
  advanceWeight?: number;
  /**
   * Whether leads also move back, are reopened, change amount and owner (default true); false
   * gives histories of the four event types written before those existed.
   */
  crmChanges?: boolean;
  /** Share of events delivered a second time, later in the list (default 0). */
  duplicateShare?: number;
  /**
   * No event occurs after this instant (default: none): a lead whose next step would fall later
   * stays where it is. Lets end-to-end tests replay histories that end "now".
   */
  until?: Date | string | undefined;
}
