import { createDb, migrateToLatest } from '@dealflow/db';
const handle = createDb({ url: process.env.URL ?? 'postgres://dealflow@127.0.0.1:5433/listfast_1m', max: 2 });
const t0 = Date.now();
console.log(await migrateToLatest(handle.db), `${((Date.now() - t0) / 1000).toFixed(1)} s`);
await handle.close();
