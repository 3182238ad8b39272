import type { JwtOptions } from './jwt-verifier.js';
import type { StaticToken } from './token-list.js';

/**
 * What the auth plugin checks: off (a development flag), or on with static tokens and/or JWTs.
 * Built from the environment by `authOptionsFromEnv`.
 */
export type AuthOptions =
  { enabled: false } | { enabled: true; tokens: readonly StaticToken[]; jwt: JwtOptions | null };
