export {
  AppError,
  ERROR_STATUS,
  problemBody,
  type ErrorCode,
  type FieldIssue,
  type ProblemExtra,
} from './app-error.js';
export { createHttpApp, type HttpApp, type HttpAppOptions } from './http-app.js';
export {
  httpSecurityConfigSchema,
  httpSecurityFromEnv,
  loadHttpSecurity,
  type HttpSecurityEnv,
  type HttpSecurityOptions,
} from './http-security.js';
export { authConfigSchema, authOptionsFromEnv, type AuthEnv } from './auth/auth-config.js';
export type { AuthOptions } from './auth/auth-options.js';
export { AUTH_DISABLED_WARNING, authPlugin, BEARER_SCHEME } from './auth/auth-plugin.js';
export type { Principal } from './auth/principal.js';
export { SCOPES } from './auth/scopes.js';
export { tokenEntry } from './auth/token-entry.js';
export type { StaticToken } from './auth/token-list.js';
export { problemSchema } from './problem-schema.js';
export { createLogger, REDACTED_PATHS, type Logger } from './logger.js';
export { ConfigError, loadConfig } from './load-config.js';
export { LOG_LEVELS, serviceConfigShape } from './service-config.js';
export { isUnavailableError } from './unavailable.js';
export { onShutdown } from './graceful-shutdown.js';
export {
  contextOf,
  SpanKind,
  SpanStatusCode,
  startTracing,
  traceparentOf,
  tracer,
  tracingConfigSchema,
  type Span,
  type StopTracing,
  type TracingOptions,
} from './tracing.js';
export { READINESS_CHECK_TIMEOUT_MS, registerProbes, type ReadinessCheck } from './probes.js';
// Exported also for their `declare module 'fastify'` (app.metricsRegistry, request.span), which
// consumers of the compiled package see only through a module the entry point names.
export { metricsPlugin, perScrape } from './metrics-plugin.js';
export { tracingPlugin } from './tracing-plugin.js';
