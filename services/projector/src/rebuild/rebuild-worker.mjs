// Entry of a rebuild consumer thread: the workspace runs TypeScript through tsx, whose loader
// a worker thread does not inherit, so it is registered here before the module loads.
import { register } from 'tsx/esm/api';

register();
await import('./rebuild-worker.ts');
