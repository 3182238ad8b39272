import { z } from 'zod';

/** The log levels of pino, most severe first. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The variables every dealflow service reads, with its own default port. Compose it into a
 * service's schema with `z.object({ ...serviceConfigShape(3001), ... })`.
 */
export function serviceConfigShape(defaultPort: number) {
  return {
    PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65_535)
      .default(defaultPort)
      .describe('TCP port of the HTTP API; 0 takes any free one'),
    HOST: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('Interface the HTTP API listens on; 0.0.0.0 for all of them (containers)'),
    LOG_LEVEL: z
      .enum(LOG_LEVELS)
      .default('info')
      .describe('Least severe level logged (JSON lines on stdout)'),
    PIPELINES_FILE: z
      .string()
      .min(1)
      .optional()
      .describe('JSON file of pipeline definitions; the built-in catalog when absent'),
  };
}
