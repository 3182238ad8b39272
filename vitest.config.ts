import { defineConfig } from 'vitest/config';

// Every tier states the runtime it runs on (`npm test` runs them on the Node.js of .nvmrc).
console.log(`vitest on Node.js ${process.versions.node}`);

/**
 * Workspace packages resolve to their TypeScript source in tests (the `source` export condition;
 * the built `dist/` is what plain `node` gets). The others are Vite's defaults less `module`,
 * which picks bundler-only ES builds (OpenTelemetry's import paths without extensions) that
 * Node itself then fails to load.
 */
const conditions = ['source', 'node', 'development|production'];
const resolve = { conditions };
const ssr = { resolve: { conditions } };

/** Property tests replay `FUZZ_SEED` when it is set (packages/testkit/src/property-seed.ts). */
const setupFiles = ['./packages/testkit/src/property-seed.ts'];

const serverTiers = {
  setupFiles,
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
          setupFiles,
          include: ['{e2e,examples,infra,packages,scripts,services}/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'int',
          include: ['{e2e,examples,infra,packages,services}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          ...serverTiers,
        },
      },
      {
        resolve,
        ssr,
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
