import { conditionalAnswer, type ConditionalOptions } from './conditional-answer.js';
import type { QueryDeps } from './query-deps.js';
import { readYourWrites } from './read-your-writes.js';

/**
 * The `preHandler`s of every metrics route, in order: wait for `X-Dealflow-Min-Position`, then
 * tag the answer (and answer `304` to a matching `If-None-Match`).
 */
export function answerHooks(deps: QueryDeps, options: ConditionalOptions = {}) {
  return [readYourWrites(deps), conditionalAnswer(deps, options)];
}
