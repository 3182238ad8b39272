export {
  AppError,
  ERROR_STATUS,
  problemBody,
  type ErrorCode,
  type FieldIssue,
} from './app-error.js';
export { createHttpApp, type HttpApp, type HttpAppOptions } from './http-app.js';
export { createLogger, REDACTED_PATHS, type Logger } from './logger.js';
export { ConfigError, loadConfig } from './load-config.js';
export { isUnavailableError } from './unavailable.js';
export { onShutdown } from './graceful-shutdown.js';
