import { defineConfig } from 'vitest/config';

// Every tier states the runtime it runs on (`npm test` runs them on the Node.js of .nvmrc).
console.log(`vitest on Node.js ${process.versions.node}`);

/**
 * Workspace packages resolve to their TypeScript source in tests (the `source` export condition;
 * the built `dist/` is what plain `node` gets). The other conditions are Vite's defaults.
 */
const conditions = ['source', 'module', 'node', 'development|production'];
const resolve = { conditions };
const ssr = { resolve: { conditions } };

const serverTiers = {
  globalSetup: ['./packages/testkit/src/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
};

/**
 * Test tiers by file suffix: `*.test.ts` is pure and fast, `*.int.test.ts` talks to real
 * Postgres/Kafka, `*.e2e.test.ts` drives the running services over HTTP and Kafka.
 */
export default defineConfig({
  resolve,
  ssr,
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          include: ['{e2e,infra,packages,scripts,services}/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'int',
          include: ['{e2e,infra,packages,services}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          ...serverTiers,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'e2e',
          include: ['{e2e,infra,packages,services}/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
          ...serverTiers,
        },
      },
    ],
  },
});
