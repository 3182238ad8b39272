import type { z } from 'zod';

/** A configuration that failed validation; the message lists every offending variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses a service's environment with its zod schema, at start-up (never at import time).
 *
 * @example const config = loadConfig(commandConfigSchema, process.env);
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
