import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const eventsDir = join(root, 'packages/events');
const fromEvents = createRequire(join(eventsDir, 'package.json'));
const fromRoot = createRequire(join(root, 'package.json'));
const packageDir = (name: string, require: NodeJS.Require): string =>
  dirname(require.resolve(`${name}/package.json`));

/** A TypeScript consumer outside the workspace, strict, resolving through `exports`. */
const CONSUMER_TS = `import { decodeEvent, encodeEvent, EVENT_EXAMPLES, type LeadEvent } from '@dealflow/events';
const record = encodeEvent(EVENT_EXAMPLES.DealWon, { source: 'outside' });
const decoded = decodeEvent(record);
const event: LeadEvent | undefined = decoded.ok ? decoded.event : undefined;
export const amount: number | undefined = event?.type === 'DealWon' ? event.data.amount.value : undefined;
`;

/** The same in plain JavaScript, run by node. */
const CONSUMER_MJS = `import { decodeEvent, encodeEvent, EVENT_EXAMPLES, upcast, eventSchemaId } from '@dealflow/events';
import schema from '@dealflow/events/schemas/DealWon.v1.schema.json' with { type: 'json' };
const record = encodeEvent(EVENT_EXAMPLES.DealWon, { source: 'outside' });
const decoded = decodeEvent({ ...record, value: record.value.toString('utf8') });
const bad = decodeEvent({ key: 'x', value: '{' });
const upcasted = upcast({ type: 'DealWon', schemaVersion: 1 }, 'DealWon', 1);
console.log(JSON.stringify({
  ok: decoded.ok, type: decoded.ok && decoded.event.type, bad: bad.ok ? null : bad.error.code,
  upcasted: upcasted.ok, header: record.headers.ce_dataschema,
  id: schema.$id === eventSchemaId('DealWon', 1) && schema.$id,
}));
`;

describe('@dealflow/events as a package outside the workspace', () => {
  const work = mkdtempSync(join(tmpdir(), 'dealflow-events-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('builds to JS and .d.ts, packs with dist exports, and serves JS and TS consumers', () => {
    const tsc = join(packageDir('typescript', fromRoot), 'bin/tsc');
    // The package's `build` script, run by the workspace's compiler.
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: eventsDir });
    execFileSync('npx', ['--yes', 'pnpm@10.34.9', 'pack', '--pack-destination', work], {
      cwd: eventsDir,
    });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const modules = join(work, 'app/node_modules');
    mkdirSync(join(modules, '@dealflow/events'), { recursive: true });
    mkdirSync(join(modules, '@types'), { recursive: true });
    execFileSync('tar', [
      'xzf',
      join(work, tarball ?? ''),
      '--strip-components=1',
      '-C',
      join(modules, '@dealflow/events'),
    ]);
    // What a consumer installs beside it: zod (a dependency); TypeScript users @types/node.
    symlinkSync(packageDir('zod', fromEvents), join(modules, 'zod'));
    symlinkSync(packageDir('@types/node', fromEvents), join(modules, '@types/node'));

    const app = join(work, 'app');
    writeFileSync(join(app, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(app, 'consumer.mjs'), CONSUMER_MJS);
    const out = execFileSync(process.execPath, ['consumer.mjs'], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      ok: true,
      type: 'DealWon',
      bad: 'invalid_json',
      upcasted: true,
      header: 'https://dealflow.dev/schemas/events/DealWon.v1.schema.json',
      id: 'https://dealflow.dev/schemas/events/DealWon.v1.schema.json',
    });

    writeFileSync(join(app, 'consumer.ts'), CONSUMER_TS);
    const tsconfig = {
      compilerOptions: {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        noEmit: true,
        types: ['node'],
      },
      files: ['consumer.ts'],
    };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig));
    // Throws with the compiler's messages when the declarations do not type the consumer.
    execFileSync(process.execPath, [tsc, '-p', app], { cwd: app, encoding: 'utf8' });
  }, 180_000);
});
