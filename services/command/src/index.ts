export { buildCommandApp, BODY_LIMIT_BYTES, type CommandAppDeps } from './app.js';
export { commandConfigSchema, loadCommandConfig, type CommandConfig } from './config.js';
export { OutboxRelay, type OutboxRelayOptions, type RelayStats } from './relay.js';
