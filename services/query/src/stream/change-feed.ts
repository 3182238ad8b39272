import type { ReadModelPosition } from '@dealflow/read-models';

/** A stream's id for a position: `<version>-<applied>`, what `Last-Event-ID` sends back. */
export const positionId = (p: ReadModelPosition): string => `${p.version}-${p.applied}`;

/** Receives each new position (at most one per poll interval, however many batches). */
export type ChangeListener = (position: ReadModelPosition) => void;

/** What {@link changeFeed} reads and how often. */
export interface ChangeFeedOptions {
  read: () => Promise<ReadModelPosition | undefined>;
  pollMs: number;
  onError: (err: unknown) => void;
}

/**
 * One poller for every open stream of the process: while anyone listens it reads the live
 * position every `pollMs` and tells the listeners when it moved (a batch applied, or another
 * version went live), so a busy projector yields a few events a second, not one per batch, and
 * a thousand dashboards cost one query per interval.
 */
export function changeFeed(options: ChangeFeedOptions) {
  const listeners = new Set<ChangeListener>();
  let current: ReadModelPosition | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const poll = async () => {
    try {
      const next = await options.read();
      if (
        next !== undefined &&
        (current === undefined || positionId(next) !== positionId(current))
      ) {
        current = next;
        for (const listener of listeners) listener(next);
      }
    } catch (err) {
      options.onError(err);
    }
    timer = listeners.size > 0 ? setTimeout(() => void poll(), options.pollMs) : undefined;
  };

  return {
    /** The position now, read fresh (a new stream starts from it). */
    read: options.read,
    subscribe(listener: ChangeListener): () => void {
      listeners.add(listener);
      timer ??= setTimeout(() => void poll(), options.pollMs);
      return () => listeners.delete(listener);
    },
    stop(): void {
      listeners.clear();
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

export type ChangeFeed = ReturnType<typeof changeFeed>;
