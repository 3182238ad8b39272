/** The V8 options each service runs with, wherever it is started (see the .mjs). */
export const SERVICE_NODE_OPTIONS: Record<'command' | 'projector' | 'query', readonly string[]>;
