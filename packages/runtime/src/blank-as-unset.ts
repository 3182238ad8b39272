import { z } from 'zod';

/**
 * An environment variable that is blank counts as not set (`AUTH_TOKENS=` in an env file, or
 * `${AUTH_TOKENS:-}` in docker-compose, means "none", and `RATE_LIMIT_MAX=` the default — not 0).
 *
 * @example RATE_LIMIT_MAX: blankAsUnset(z.coerce.number().default(6000))
 */
export function blankAsUnset<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema);
}
