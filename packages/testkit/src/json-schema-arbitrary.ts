import fc from 'fast-check';

/** The subset of JSON Schema (2020-12, as zod and @fastify/swagger emit it) the fuzzer reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

/** Earliest and latest instants of generated valid timestamps: realistic, never in the future. */
const EARLIEST = Date.parse('2000-01-01T00:00:00.000Z');
const LATEST_MARGIN_MS = 86_400_000;

/** Follows a local `$ref` (`#/components/schemas/X`) inside `doc`; other schemas as they are. */
export function resolveRef(doc: unknown, schema: JsonSchema): JsonSchema {
  if (schema.$ref === undefined || !schema.$ref.startsWith('#/')) return schema;
  let node: unknown = doc;
  for (const part of schema.$ref.slice(2).split('/')) {
    node =
      typeof node === 'object' && node !== null
        ? (node as Record<string, unknown>)[part]
        : undefined;
  }
  return typeof node === 'object' && node !== null ? node : {};
}

/** The one `type` of a schema (the first that is not `null` when several are listed). */
export function schemaType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') ?? schema.type[0];
  return schema.type;
}

function integerArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1_000_001) + 1;
  const max = schema.maximum ?? (schema.exclusiveMaximum ?? 1_000_001) - 1;
  // Amounts go up to MAX_SAFE_INTEGER, beyond fc.integer's 32 bits: draw a bigint instead.
  const big = fc.bigInt({ min: BigInt(Math.ceil(min)), max: BigInt(Math.floor(max)) }).map(Number);
  const small = fc.integer({ min: Math.max(min, 0), max: Math.min(max, 1000) });
  return min <= max && Math.max(min, 0) <= Math.min(max, 1000) ? fc.oneof(small, big) : big;
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date-time') {
    // The emitted pattern admits years 0000–9999; commands refuse the future, so draw real dates.
    return fc
      .date({ min: new Date(EARLIEST), max: new Date(Date.now() - LATEST_MARGIN_MS) })
      .filter((d) => !Number.isNaN(d.getTime()))
      .map((d) => d.toISOString());
  }
  if (schema.pattern !== undefined) {
    const re = new RegExp(schema.pattern);
    return fc
      .stringMatching(re)
      .filter(
        (s) =>
          s.length >= (schema.minLength ?? 0) &&
          s.length <= (schema.maxLength ?? Number.MAX_SAFE_INTEGER),
      );
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
  // Mostly ASCII, sometimes any Unicode grapheme (emoji, RTL, combining marks).
  return fc
    .oneof(
      fc.string({ minLength, maxLength, unit: 'grapheme-ascii' }),
      fc.string({ minLength, maxLength, unit: 'grapheme' }),
    )
    .filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
}

function objectArbitrary(
  doc: unknown,
  schema: JsonSchema,
  seeds: Record<string, readonly unknown[]>,
): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(props)) {
    model[key] = validArbitrary(doc, sub, seeds, key);
  }
  const required = (schema.required ?? []).filter((k) => k in props);
  return fc.record(model, { requiredKeys: required });
}

/**
 * An arbitrary of values that satisfy `schema`. `seeds` maps a property name to known values
 * (existing lead ids, configured pipelines…) mixed in, so valid requests also reach real state
 * instead of always answering `404`.
 */
export function validArbitrary(
  doc: unknown,
  raw: JsonSchema,
  seeds: Record<string, readonly unknown[]> = {},
  name?: string,
): fc.Arbitrary<unknown> {
  const schema = resolveRef(doc, raw);
  const seeded = name === undefined ? undefined : seeds[name];
  const base = baseArbitrary(doc, schema, seeds);
  return seeded !== undefined && seeded.length > 0
    ? fc.oneof({ arbitrary: fc.constantFrom(...seeded), weight: 3 }, base)
    : base;
}

function baseArbitrary(
  doc: unknown,
  schema: JsonSchema,
  seeds: Record<string, readonly unknown[]>,
): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches !== undefined && branches.length > 0) {
    return fc.oneof(...branches.map((b) => validArbitrary(doc, b, seeds)));
  }
  if (schema.allOf?.[0] !== undefined) return validArbitrary(doc, schema.allOf[0], seeds);
  switch (schemaType(schema)) {
    case 'object':
      return objectArbitrary(doc, schema, seeds);
    case 'array':
      return fc.array(validArbitrary(doc, schema.items ?? {}, seeds), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return integerArbitrary(schema);
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e9,
        max: schema.maximum ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
