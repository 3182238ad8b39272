import type { DeciderContext } from './decider-context.js';

/** A {@link DeciderContext} with its defaults filled in. */
export type DeciderSettings = Required<DeciderContext>;
