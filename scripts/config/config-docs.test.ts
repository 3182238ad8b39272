import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCommandConfig } from '@dealflow/command';
import { loadProjectorConfig } from '@dealflow/projector';
import { loadQueryConfig } from '@dealflow/query';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONFIG_DOCS, renderEnvExample, renderMarkdown, SERVICE_SCHEMAS } from './config-docs.js';
import { describeConfig, describeVariable } from './describe-config.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const STALE = 'out of date: run `npm run config-docs` and commit the result';

describe('the generated configuration docs', () => {
  it(`${CONFIG_DOCS.markdown} is what the schemas say`, async () => {
    const file = join(root, CONFIG_DOCS.markdown);
    expect(read(CONFIG_DOCS.markdown), STALE).toBe(await renderMarkdown(file));
  });

  it(`${CONFIG_DOCS.envExample} is what the schemas say`, () => {
    expect(read(CONFIG_DOCS.envExample), STALE).toBe(renderEnvExample());
  });

  it('lists each service’s own default, and what it does not read', async () => {
    const markdown = await renderMarkdown(join(root, CONFIG_DOCS.markdown));
    expect(markdown).toMatch(/\| `PORT` +\| `3001` +\| `3002` +\| `3003` +\|/);
    expect(markdown).toMatch(/\| `DATABASE_POOL_MAX` +\| `10` +\| `10` +\| `5` +\|/);
    expect(markdown).toMatch(/\| `MIN_POSITION_WAIT_MS` +\| — +\| `2000` +\| — +\|/);
    expect(markdown).toMatch(/\| `DB_POOL_MAX` +\| `DATABASE_POOL_MAX` +\|/);
  });
});

describe('one spelling per variable', () => {
  const env = {
    DATABASE_URL: 'postgres://u@127.0.0.1:5433/db',
    KAFKA_BROKERS: '127.0.0.1:9092',
    DEALFLOW_AUTH: 'off',
  };

  it('every service reads the pool size as DATABASE_POOL_MAX and refuses DB_POOL_MAX', () => {
    expect(loadCommandConfig({ ...env, DATABASE_POOL_MAX: '3' }).databasePoolMax).toBe(3);
    expect(loadQueryConfig({ ...env, DATABASE_POOL_MAX: '3' }).databasePoolMax).toBe(3);
    expect(loadProjectorConfig({ ...env, DATABASE_POOL_MAX: '3' }).databasePoolMax).toBe(3);
    for (const load of [loadCommandConfig, loadQueryConfig, loadProjectorConfig]) {
      expect(() => load({ ...env, DB_POOL_MAX: '3' })).toThrow(
        /DB_POOL_MAX: no longer read: the setting is DATABASE_POOL_MAX/,
      );
    }
  });

  it('no service reads two names that differ only by an abbreviation', () => {
    const canonical = (name: string) => name.replace(/^DB_/, 'DATABASE_');
    for (const [service, schema] of Object.entries(SERVICE_SCHEMAS)) {
      const read = describeConfig(schema).filter((v) => v.renamedTo === undefined);
      const names = read.map((v) => canonical(v.name));
      expect(new Set(names).size, service).toBe(names.length);
    }
  });
});

describe('describeVariable', () => {
  it('reads default, optionality, description and kind through the wrappers', () => {
    const blankAsUnset = <T extends z.ZodType>(s: T) =>
      z.preprocess((v) => (v === '' ? undefined : v), s);
    expect(
      describeVariable('N', blankAsUnset(z.coerce.number().default(3).describe('how many'))),
    ).toMatchObject({
      defaultText: '3',
      required: false,
      description: 'how many',
      kind: 'a number',
    });
    expect(describeVariable('B', z.stringbool().default(false))).toMatchObject({
      defaultText: 'false',
      kind: 'true or false',
    });
    expect(describeVariable('U', z.string().describe('where'))).toMatchObject({
      required: true,
      defaultText: undefined,
    });
    expect(
      describeVariable(
        'L',
        z
          .string()
          .transform((s) => s.split(','))
          .pipe(z.array(z.string()))
          .default(['a', 'b']),
      ),
    ).toMatchObject({ defaultText: 'a,b', kind: 'a comma-separated list' });
  });
});
