import { createDb, migrateToLatest } from '@dealflow/db';
import { ensureLocalServers, stopKafka, stopPostgres } from '@dealflow/infra';
import type { TestProject } from 'vitest/node';
import { dockerAnswers, startDockerServers } from './docker-servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database on the test server; connect to it to create per-file databases. */
    databaseUrl: string;
    /** A migrated database to clone per test file (`CREATE DATABASE … TEMPLATE …`). */
    templateDatabase: string;
    kafkaBrokers: string;
  }
}

export const TEMPLATE_DATABASE = 'dealflow_test_template';

async function resolveServers(): Promise<{
  databaseUrl: string;
  kafkaBrokers: string;
  stop(): Promise<void>;
}> {
  const { DATABASE_URL, KAFKA_BROKERS } = process.env;
  if (DATABASE_URL && KAFKA_BROKERS) {
    return { databaseUrl: DATABASE_URL, kafkaBrokers: KAFKA_BROKERS, stop: async () => {} };
  }
  if (process.env.DEALFLOW_TEST_DOCKER !== 'off' && (await dockerAnswers())) {
    return startDockerServers();
  }
  const local = await ensureLocalServers(process.env, (msg) => console.error(`[testkit] ${msg}`));
  return {
    ...local,
    async stop() {
      if (local.started.includes('kafka')) await stopKafka({});
      if (local.started.includes('postgres')) await stopPostgres({});
    },
  };
}

/** Builds the migrated template database that every test file clones. */
async function prepareTemplate(databaseUrl: string): Promise<void> {
  const admin = createDb({ url: databaseUrl, max: 1 });
  try {
    await admin.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [TEMPLATE_DATABASE],
    );
    await admin.pool.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
    await admin.pool.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.close();
  }
  const url = new URL(databaseUrl);
  url.pathname = `/${TEMPLATE_DATABASE}`;
  const template = createDb({ url: url.toString(), max: 1 });
  try {
    await migrateToLatest(template.db);
  } finally {
    await template.close();
  }
}

/**
 * Vitest global setup of the int and e2e tiers: real Kafka and Postgres, started once per run
 * (from `DATABASE_URL`/`KAFKA_BROKERS`, else containers when a Docker engine answers, else the
 * project's own infra scripts), and a migrated template database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await resolveServers();
  await prepareTemplate(servers.databaseUrl);
  project.provide('databaseUrl', servers.databaseUrl);
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  project.provide('kafkaBrokers', servers.kafkaBrokers);
  return () => servers.stop();
}
