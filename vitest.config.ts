import { defineConfig } from 'vitest/config';

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
          include: ['{e2e,examples,infra,packages,services}/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['{e2e,examples,infra,packages,services}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          ...serverTiers,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['{e2e,examples,infra,packages,services}/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
          ...serverTiers,
        },
      },
    ],
  },
});
