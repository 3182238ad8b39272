// A Fastify hello world, the baseline of the HTTP throughput figures: the same framework and
// Node.js as the services, no plugins, no database. Prints its port once listening.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../services/query/package.json', import.meta.url));
const { default: Fastify } = await import(require.resolve('fastify'));
const app = Fastify({ logger: false });
app.get('/', () => ({ hello: 'world' }));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(JSON.stringify({ url: address }));
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
