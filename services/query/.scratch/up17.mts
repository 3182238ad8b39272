import { createDb, migrations } from '@dealflow/db';
const handle = createDb({ url: 'postgres://dealflow@127.0.0.1:5433/listfast_1m', max: 2 });
const t0 = Date.now();
await migrations['0017_monthly_cells']!.up(handle.db as never);
console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
await handle.close();
