import { conditionalAnswer, keepAnswer, type ConditionalOptions } from './conditional-answer.js';
import type { QueryDeps } from './query-deps.js';
import { readYourWrites } from './read-your-writes.js';

/**
 * The hooks of every answer route: as `preHandler`s, in order, wait for
 * `X-Dealflow-Min-Position`, then tag the answer (answering `304` to a matching
 * `If-None-Match`, or the answer already computed under that tag); as `onSend`, keep the answer
 * under its tag.
 *
 * @example app.get('/v1/funnel', { schema, ...answerHooks(deps) }, handler)
 */
export function answerHooks(deps: QueryDeps, options: ConditionalOptions = {}) {
  return {
    preHandler: [readYourWrites(deps), conditionalAnswer(deps, options)],
    onSend: keepAnswer(deps),
  };
}
