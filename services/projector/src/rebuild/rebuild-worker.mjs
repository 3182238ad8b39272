// Entry of a rebuild consumer thread when the projector runs from TypeScript source (tsx,
// vitest): a worker thread inherits neither tsx's loader nor the `source` export condition, so
// both are registered here before the module loads. The built projector starts
// dist/rebuild/rebuild-worker.js directly.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

const addSourceCondition = `export function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, 'source'] });
}`;
register(`data:text/javascript,${encodeURIComponent(addSourceCondition)}`);
registerTsx();
await import('./rebuild-worker.ts');
