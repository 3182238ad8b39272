import { createHash } from 'node:crypto';
import { createDb, migrateToLatest, migrations } from '@dealflow/db';
import { ensureLocalServers } from '@dealflow/infra';
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

/**
 * The template's name carries a hash of the migrations' code, so runs with the same migrations
 * share one template (concurrent runs never drop each other's) and a changed migration gets a
 * fresh one.
 */
export function templateDatabaseName(): string {
  const source = Object.entries(migrations)
    .map(([name, m]) => `${name}:${m.up.toString()}`)
    .join('\n');
  return `dealflow_tpl_${createHash('sha256').update(source).digest('hex').slice(0, 12)}`;
}

/** Serialises template creation across concurrent test runs. */
const TEMPLATE_LOCK_KEY = 0x64662e74706cn;

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
  return ensureLocalServers(process.env, (msg) => console.error(`[testkit] ${msg}`));
}

/** Builds the migrated template database that every test file clones, once per migration set. */
async function prepareTemplate(databaseUrl: string, name: string): Promise<void> {
  const admin = createDb({ url: databaseUrl, max: 1 });
  const client = await admin.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return;
    // Built under another name and renamed when complete: a crash never leaves a half template.
    const building = `${name}_building`;
    await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${building}`);
    const url = new URL(databaseUrl);
    url.pathname = `/${building}`;
    const template = createDb({ url: url.toString(), max: 1 });
    try {
      await migrateToLatest(template.db);
    } finally {
      await template.close();
    }
    await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]).catch(() => undefined);
    client.release();
    await admin.close();
  }
}

/**
 * Vitest global setup of the int and e2e tiers: real Kafka and Postgres, started once per run
 * (from `DATABASE_URL`/`KAFKA_BROKERS`, else containers when a Docker engine answers, else the
 * project's own infra scripts), and a migrated template database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await resolveServers();
  const template = templateDatabaseName();
  await prepareTemplate(servers.databaseUrl, template);
  project.provide('databaseUrl', servers.databaseUrl);
  project.provide('templateDatabase', template);
  project.provide('kafkaBrokers', servers.kafkaBrokers);
  return () => servers.stop();
}
