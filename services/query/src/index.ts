export { buildQueryApp, type QueryAppDeps } from './app.js';
export { loadQueryConfig, queryConfigSchema, type QueryConfig } from './config.js';
