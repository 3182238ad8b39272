import fc from 'fast-check';
import {
  BAD_PATH_SEGMENTS,
  BAD_QUERY_PARTS,
  BAD_STRINGS,
  CONTENT_TYPES,
  HEADER_ABUSE,
  MALFORMED_BODIES,
  WRONG_TYPES,
  badValueArbitrary,
  toJsonText,
} from './adversarial-values.js';
import {
  resolveRef,
  schemaType,
  validArbitrary,
  type JsonSchema,
} from './json-schema-arbitrary.js';
import type { Operation } from './openapi-operations.js';

/** The methods the fuzzer sends (HEAD is left out: its answers have no body to check). */
export type FuzzMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** A request as sent through `inject`. */
export interface FuzzRequest {
  method: FuzzMethod;
  url: string;
  headers: Record<string, string | string[]>;
  payload?: string;
}

/** A request in parts, valid for its operation until mutations change it. */
interface Parts {
  method: FuzzMethod;
  params: Record<string, string>;
  query: Record<string, unknown>;
  extraQuery: string[];
  headers: Record<string, string | string[]>;
  body: unknown;
  rawBody: string | undefined;
  contentType: string | null;
}

type Mutation = { kind: string; apply: (p: Parts) => void };

/** A field of a body schema, by its path from the root. */
interface Field {
  path: string[];
  schema: JsonSchema;
  required: boolean;
}

function fieldsOf(doc: unknown, schema: JsonSchema, path: string[] = [], depth = 0): Field[] {
  const s = resolveRef(doc, schema);
  if (schemaType(s) !== 'object' || depth > 3) return [];
  return Object.entries(s.properties ?? {}).flatMap(([key, sub]) => {
    const field = { path: [...path, key], schema: sub, required: (s.required ?? []).includes(key) };
    return [field, ...fieldsOf(doc, sub, field.path, depth + 1)];
  });
}

/** Sets `value` at `path` in `root` (an object), creating objects on the way. */
function setAt(root: unknown, path: readonly string[], value: unknown, remove = false): unknown {
  // A copy: generated values (and the shared constants of adversarial-values) stay untouched.
  const top: Record<string, unknown> =
    typeof root === 'object' && root !== null
      ? (structuredClone(root) as Record<string, unknown>)
      : {};
  let node = top;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      if (remove) delete node[key];
      else Object.defineProperty(node, key, { value, enumerable: true, writable: true });
      return;
    }
    const next = node[key];
    const child =
      typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : {};
    node[key] = child;
    node = child;
  });
  return top;
}

const UNKNOWN_KEYS = [
  'stage',
  'status',
  'version',
  '__proto__',
  'constructor',
  'Name',
  'x'.repeat(300),
];
const WRONG_METHODS: FuzzMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function bodyMutations(doc: unknown, op: Operation): fc.Arbitrary<Mutation>[] {
  const fields = op.body === undefined ? [] : fieldsOf(doc, op.body);
  const out: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom(...MALFORMED_BODIES).map((text) => ({
      kind: 'malformed-json',
      apply: (p: Parts) => void (p.rawBody = text),
    })),
    fc.constantFrom(...WRONG_TYPES, ...BAD_STRINGS).map((value) => ({
      kind: 'body-wrong-type',
      apply: (p: Parts) => void (p.body = value),
    })),
    fc.integer({ min: 15_000, max: 200_000 }).map((n) => ({
      kind: 'oversized-body',
      apply: (p: Parts) => void (p.body = setAt(p.body, ['padding'], 'p'.repeat(n))),
    })),
  ];
  if (op.body === undefined) return out;
  out.push(
    fc.constantFrom(...CONTENT_TYPES, null).map((type) => ({
      kind: 'content-type',
      apply: (p: Parts) => void (p.contentType = type),
    })),
    fc
      .tuple(fc.constantFrom(...UNKNOWN_KEYS), fc.jsonValue({ maxDepth: 1 }), fc.nat())
      .map(([key, value, n]) => ({
        kind: 'unknown-field',
        apply: (p: Parts) => {
          const objects = [
            [],
            ...fields.filter((f) => schemaType(f.schema) === 'object').map((f) => f.path),
          ];
          const at = objects[n % objects.length] ?? [];
          p.body = setAt(p.body, [...at, key], value);
        },
      })),
  );
  const required = fields.filter((f) => f.required);
  if (required.length > 0) {
    out.push(
      fc.constantFrom(...required).map((f) => ({
        kind: 'missing-required',
        apply: (p: Parts) => void (p.body = setAt(p.body, f.path, undefined, true)),
      })),
    );
  }
  if (fields.length > 0) {
    const fieldValue = fc
      .constantFrom(...fields)
      .chain((f) => badValueArbitrary(resolveRef(doc, f.schema)).map((v) => [f, v] as const));
    out.push(
      fieldValue.map(([f, value]) => ({
        kind: 'bad-field',
        apply: (p: Parts) => void (p.body = setAt(p.body, f.path, value)),
      })),
    );
  }
  return out;
}

function requestMutations(op: Operation): fc.Arbitrary<Mutation>[] {
  const out: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom(...BAD_QUERY_PARTS).map((part) => ({
      kind: 'query-raw',
      apply: (p: Parts) => void p.extraQuery.push(part),
    })),
    fc
      .constantFrom(...Object.entries(HEADER_ABUSE))
      .chain(([name, values]) => fc.constantFrom(...values).map((v) => [name, v] as const))
      .map(([name, value]) => ({
        kind: `header:${name}`,
        apply: (p: Parts) => void (p.headers[name] = value),
      })),
    fc.constantFrom(...WRONG_METHODS.filter((m) => m !== op.method)).map((method) => ({
      kind: 'wrong-method',
      apply: (p: Parts) => void (p.method = method),
    })),
  ];
  if (op.pathParams.length > 0) {
    const segment = fc.oneof(
      fc.constantFrom(...BAD_PATH_SEGMENTS),
      fc
        .constantFrom(...BAD_STRINGS)
        .map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ''))),
    );
    out.push(
      fc.tuple(fc.constantFrom(...op.pathParams), segment).map(([param, value]) => ({
        kind: 'bad-path-param',
        apply: (p: Parts) => void (p.params[param.name] = value),
      })),
    );
  }
  if (op.query.length > 0) {
    const value = fc
      .constantFrom(...op.query)
      .chain((q) => badValueArbitrary(q.schema).map((v) => [q.name, v] as const));
    out.push(
      value.map(([name, v]) => ({
        kind: 'bad-query-value',
        apply: (p: Parts) => void (p.query[name] = v),
      })),
    );
  }
  return out;
}

function validParts(
  doc: unknown,
  op: Operation,
  seeds: Record<string, readonly unknown[]>,
): fc.Arbitrary<Parts> {
  const record = (list: Operation['query']) =>
    fc.record(
      Object.fromEntries(list.map((q) => [q.name, validArbitrary(doc, q.schema, seeds, q.name)])),
      {
        requiredKeys: list.filter((q) => q.required).map((q) => q.name),
      },
    ) as fc.Arbitrary<Record<string, unknown>>;
  return fc
    .record({
      params: record(op.pathParams),
      query: record(op.query),
      headers: record(op.headers),
      body: op.body === undefined ? fc.constant(undefined) : validArbitrary(doc, op.body, seeds),
    })
    .map(({ params, query, headers, body }) => ({
      method: op.method as FuzzMethod,
      params: Object.fromEntries(
        Object.entries(params).map(([k, v]) => [k, encodeURIComponent(String(v))]),
      ),
      query,
      extraQuery: [],
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
      body,
      rawBody: undefined,
      contentType: 'application/json',
    }));
}

function render(op: Operation, p: Parts, baseHeaders: Record<string, string>): FuzzRequest {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => p.params[name] ?? '');
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(p.query)) {
    if (v !== undefined) search.append(k, typeof v === 'string' ? v : toJsonText(v));
  }
  const query = [search.toString(), ...p.extraQuery].filter(Boolean).join('&');
  const payload = p.rawBody ?? (p.body === undefined ? undefined : toJsonText(p.body));
  const headers: Record<string, string | string[]> = { ...baseHeaders, ...p.headers };
  if (payload !== undefined && p.contentType !== null) headers['content-type'] ??= p.contentType;
  return { method: p.method, url: query === '' ? path : `${path}?${query}`, headers, payload };
}

/** A planned request: its operation, the mutations that made it adversarial, the request. */
export interface PlannedRequest {
  operation: Operation;
  mutations: string[];
  request: FuzzRequest;
}

/**
 * Requests for `op`: valid ones drawn from its schemas (about one in four), the rest with one to
 * three mutations — malformed or oversized bodies, wrong types, missing and unknown fields, bad
 * ids, dates and numbers, wrong content types and methods, abused headers and paths.
 */
export function requestArbitrary(
  doc: unknown,
  op: Operation,
  seeds: Record<string, readonly unknown[]>,
  baseHeaders: Record<string, string>,
): fc.Arbitrary<PlannedRequest> {
  const mutation = fc.oneof(...bodyMutations(doc, op), ...requestMutations(op));
  const mutations = fc.oneof(
    { arbitrary: fc.constant<Mutation[]>([]), weight: 1 },
    { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 3 },
  );
  return fc.tuple(validParts(doc, op, seeds), mutations).map(([parts, ms]) => {
    for (const m of ms) m.apply(parts);
    return {
      operation: op,
      mutations: ms.map((m) => m.kind),
      request: render(op, parts, baseHeaders),
    };
  });
}
