import { commandConfigSchema } from '@dealflow/command';
import { projectorConfigSchema } from '@dealflow/projector';
import { queryConfigSchema } from '@dealflow/query';
import { format, resolveConfig } from 'prettier';
import type { z } from 'zod';
import { describeConfig, type VariableInfo } from './describe-config.js';

/** The services and the schema each validates its environment with at start-up. */
export const SERVICE_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  command: commandConfigSchema,
  query: queryConfigSchema,
  projector: projectorConfigSchema,
};

/** Where the generated files live, relative to the repository root. */
export const CONFIG_DOCS = { markdown: 'docs/configuration.md', envExample: '.env.example' };

const GENERATED = 'Generated from the services’ zod schemas by `npm run config-docs`; do not edit.';

interface Row {
  name: string;
  /** Per service: its view of the variable; absent when that service does not read it. */
  by: Record<string, VariableInfo | undefined>;
  first: VariableInfo;
  /** The first description any service's schema gives. */
  description: string | undefined;
}

/** Every variable of every service, in the order the services first name them. */
function rows(): Row[] {
  const byName = new Map<string, Row>();
  for (const [service, schema] of Object.entries(SERVICE_SCHEMAS)) {
    for (const info of describeConfig(schema)) {
      const row = byName.get(info.name) ?? {
        name: info.name,
        by: {},
        first: info,
        description: undefined,
      };
      row.by[service] = info;
      row.description ??= info.description;
      byName.set(info.name, row);
    }
  }
  return [...byName.values()];
}

const services = () => Object.keys(SERVICE_SCHEMAS);
const cell = (info: VariableInfo | undefined) =>
  info === undefined
    ? '—'
    : info.required
      ? '**required**'
      : info.defaultText === undefined || info.defaultText === ''
        ? 'unset'
        : `\`${info.defaultText}\``;
const escapeCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** What a variable means, then what its text must be: `Most connections … (a number)`. */
const meaning = (row: Row) =>
  row.description === undefined ? `(${row.first.kind})` : `${row.description} (${row.first.kind})`;

/**
 * docs/configuration.md: one table of every variable, and the spellings no longer read;
 * formatted by prettier as the repository's other Markdown.
 */
export async function renderMarkdown(file: string): Promise<string> {
  const all = rows();
  const current = all.filter((r) => r.first.renamedTo === undefined);
  const renamed = all.filter((r) => r.first.renamedTo !== undefined);
  const names = services();
  const lines = [
    '# Configuration',
    '',
    `<!-- ${GENERATED} -->`,
    '',
    'Each service reads its settings from the environment once, at start-up, and validates them',
    'with one zod schema (`services/command/src/config.ts`, `services/query/src/config.ts`,',
    '`services/projector/src/ops/config.ts`, composed of the shared ones in',
    '`packages/db`, `packages/kafka` and `packages/runtime`); a bad or missing value stops it',
    'with a message naming every offending variable. The schemas hold the only defaults. A blank',
    'value counts as unset where the description says so. `.env.example` lists the same',
    'variables for `docker compose` and local shells.',
    '',
    'A cell gives the default of that service, **required** when it has none, `unset` when the',
    'variable is optional, and — when the service does not read it.',
    '',
    `| variable | ${names.join(' | ')} | meaning |`,
    `| --- | ${names.map(() => '---').join(' | ')} | --- |`,
    ...current.map(
      (r) =>
        `| \`${r.name}\` | ${names.map((s) => cell(r.by[s])).join(' | ')} | ${escapeCell(meaning(r))} |`,
    ),
    '',
    '## Spellings no longer read',
    '',
    'Setting one of these stops the service with the name to use instead: nothing is ignored',
    'silently.',
    '',
    '| variable | use instead |',
    '| --- | --- |',
    ...renamed.map((r) => `| \`${r.name}\` | \`${r.first.renamedTo ?? ''}\` |`),
    '',
  ];
  return format(lines.join('\n'), { ...(await resolveConfig(file)), filepath: file });
}

/** .env.example: each variable commented out at its default, the required ones blank. */
export function renderEnvExample(): string {
  const names = services();
  const lines = [
    `# Settings of the dealflow services. ${GENERATED}`,
    '# Commented-out values are the defaults; set the blank required ones. docs/configuration.md',
    '# explains each.',
  ];
  for (const row of rows().filter((r) => r.first.renamedTo === undefined)) {
    const readers = names.filter((s) => row.by[s] !== undefined);
    const infos = readers.flatMap((s) => row.by[s] ?? []);
    lines.push('', `# ${meaning(row)}; read by ${readers.join(', ')}`);
    const required = infos.some((i) => i.required);
    const defaults = new Set(infos.map((i) => i.defaultText ?? ''));
    if (required) lines.push(`${row.name}=`);
    else if (defaults.size === 1) lines.push(`# ${row.name}=${[...defaults][0] ?? ''}`);
    else {
      const each = readers.map((s) => `${s} ${row.by[s]?.defaultText ?? 'unset'}`).join(', ');
      lines.push(`# ${row.name}=    (defaults: ${each})`);
    }
  }
  lines.push('');
  return lines.join('\n');
}
