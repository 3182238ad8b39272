import { defineConfig } from 'vitest/config';

// Every tier states the runtime it runs on (`npm test` runs them on the Node.js of .nvmrc).
console.log(`vitest on Node.js ${process.versions.node}`);

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
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{e2e,infra,packages,scripts,services}/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['{e2e,infra,packages,services}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          ...serverTiers,
        },
      },
      {
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
