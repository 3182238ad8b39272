import {
  DummyDriver,
  Kysely,
  type CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type RawBuilder,
} from 'kysely';

/** Compiles fragments without a database: Postgres quoting, no connection. */
const offline = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** `fragment` as Postgres would be sent it: its text and parameters, compiled without a database. */
export const compileOffline = (fragment: RawBuilder<unknown>): CompiledQuery =>
  fragment.compile(offline);

/**
 * A fragment without parameters (identifiers, keywords) compiled once into its text, for the
 * parts of a statement that are the same at every call — the counter columns every metric
 * read names. Kysely builds, freezes and visits a node per identifier at each call otherwise:
 * at 1 M leads that was most of the JavaScript time of a summary (an activity window's
 * counters statement cost 340 µs to build before it was sent).
 *
 * @throws when the fragment holds a parameter: a value must be sent as one, never inlined
 */
export function sqlText(fragment: RawBuilder<unknown>): RawBuilder<unknown> {
  const compiled = compileOffline(fragment);
  if (compiled.parameters.length > 0) {
    throw new Error(`sqlText: a fragment with parameters cannot be fixed as text: ${compiled.sql}`);
  }
  return sql.raw(compiled.sql);
}

const texts = new Map<string, RawBuilder<unknown>>();

/** The text of `build()`, compiled once per key; the keys come from a small fixed set. */
function cachedText(key: string, build: () => RawBuilder<unknown>): RawBuilder<unknown> {
  let text = texts.get(key);
  if (text === undefined) {
    if (texts.size >= 4096) texts.clear();
    text = sqlText(build());
    texts.set(key, text);
  }
  return text;
}

/** `sql.id(...parts)` compiled once per name (a table of a read-model schema, a column). */
export const sqlId = (...parts: string[]): RawBuilder<unknown> =>
  cachedText(`id\u0000${parts.join('\u0000')}`, () => sql.id(...parts));

/** `sql.ref(reference)` compiled once per reference (`column` or `table.column`). */
export const sqlRef = (reference: string): RawBuilder<unknown> =>
  cachedText(`ref\u0000${reference}`, () => sql.ref(reference));
