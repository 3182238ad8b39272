import fc from 'fast-check';
import { schemaType, type JsonSchema } from './json-schema-arbitrary.js';

/**
 * Marks a string whose text goes into the JSON body unquoted (see {@link toJsonText}): numbers
 * JSON.stringify cannot write (`1e400`, `-0`, `9007199254740993`), deep nesting, bare `NaN`.
 */
const RAW = '\u0001raw:';

/** A value written into the JSON text as it is, not as a JSON string. */
export const raw = (text: string): string => `${RAW}${text}`;

/** JSON text of `value`, with every {@link raw} marker replaced by its text. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001raw:((?:[^"\\]|\\.)*)"/g, (_m, text: string) =>
    String(JSON.parse(`"${text}"`)),
  );
}

const DAY = 86_400_000;
const future = (ms: number) => new Date(Date.now() + ms).toISOString();

/** Dates a client might send that no endpoint should take, or take with care. */
export const BAD_DATES = [
  '2024-13-45T00:00:00Z',
  '2024-02-30T10:00:00Z',
  '2023-02-29T00:00:00Z',
  '2024-01-01T25:00:00Z',
  '2024-01-01T00:60:00Z',
  'yesterday',
  'now',
  '2024-01-01',
  '2024-01-01T00:00:00',
  '2024-01-01 00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999Z',
  '2024-01-01T00:00:00.123456789012345678901234567890Z',
  '2024-01-01T00:00:00+25:00',
  '1700000000000',
];

/** Far-future instants: valid syntax, but beyond any clock skew. */
export const FUTURE_DATES = [future(DAY), future(3650 * DAY), '2999-01-01T00:00:00Z'];

/** Ids that break the `[A-Za-z0-9_.:-]{1,64}` rule, and strings that have broken servers. */
export const BAD_STRINGS = [
  '',
  ' ',
  'a b',
  'x'.repeat(65),
  'x'.repeat(201),
  'x'.repeat(3000),
  '../../etc/passwd',
  '..\\..\\windows',
  "'; DROP TABLE events; --",
  "1' OR '1'='1",
  '${process.exit(1)}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '😀'.repeat(70),
  '\u202eevil',
  'e\u0301\u0301\u0301',
  '\r\nX-Injected: 1',
  'null',
  'NaN',
  '-1',
  '1e309',
  'ACME\t',
];

/** Numbers that amounts, versions and positions must refuse (or take exactly). */
export const BAD_NUMBERS: unknown[] = [
  -1,
  -1_000_000,
  1.5,
  0.1,
  Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER + 1,
  2 ** 63,
  1e21,
  1e308,
  -2147483649,
  raw('9007199254740993'),
  raw('1e400'),
  raw('-1e400'),
  raw('-0'),
  raw('1E2'),
  raw('100.0'),
  raw('1.0e+2'),
  raw('NaN'),
  raw('Infinity'),
  raw('-Infinity'),
  raw('0x10'),
  raw('01'),
  raw('+1'),
  raw('.5'),
];

/** Values of the wrong JSON type for almost any field. */
export const WRONG_TYPES: unknown[] = [
  null,
  true,
  false,
  0,
  '100',
  {},
  [],
  [1, 2],
  { $gt: '' },
  { value: 1 },
  raw('[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'),
  raw(`${'['.repeat(3000)}${']'.repeat(3000)}`),
  raw(`${'{"a":'.repeat(1500)}1${'}'.repeat(1500)}`),
];

const ALL_BAD = [...BAD_STRINGS, ...BAD_DATES, ...FUTURE_DATES, ...BAD_NUMBERS, ...WRONG_TYPES];

/** Just outside the limits `schema` states: one too long, one below the minimum… */
function nearMisses(schema: JsonSchema): unknown[] {
  const out: unknown[] = [];
  if (schema.maxLength !== undefined) out.push('y'.repeat(schema.maxLength + 1));
  if (schema.minLength !== undefined && schema.minLength > 0) {
    out.push('y'.repeat(schema.minLength - 1));
  }
  if (schema.minimum !== undefined) out.push(schema.minimum - 1, schema.minimum - 0.5);
  if (schema.maximum !== undefined) out.push(schema.maximum + 1, raw(`${schema.maximum}0`));
  if (schema.enum !== undefined) out.push('not-in-enum', String(schema.enum[0]).toUpperCase());
  if (schema.format === 'date-time') out.push(...BAD_DATES, ...FUTURE_DATES);
  if (schemaType(schema) === 'integer') out.push(...BAD_NUMBERS);
  if (schemaType(schema) === 'string') out.push(...BAD_STRINGS);
  return out;
}

/** An adversarial value for a field of `schema`: a near miss of its rules or anything hostile. */
export function badValueArbitrary(schema: JsonSchema): fc.Arbitrary<unknown> {
  const near = nearMisses(schema);
  const any = fc.constantFrom(...ALL_BAD);
  const huge = fc.integer({ min: 10_000, max: 40_000 }).map((n) => 'h'.repeat(n));
  return near.length > 0
    ? fc.oneof({ arbitrary: fc.constantFrom(...near), weight: 3 }, any, huge)
    : fc.oneof({ arbitrary: any, weight: 4 }, huge);
}

/** Body texts that are not JSON, or not what a JSON body should be. */
export const MALFORMED_BODIES = [
  '{"name": "Ada",',
  '{',
  '}',
  '',
  ' ',
  'null',
  'true',
  '"just a string"',
  '12',
  "{'name': 'Ada'}",
  '{"a":1,}',
  '{"a":1}{"b":2}',
  '\ufeff{}',
  '{"a":"\u0000"}',
  '{"a":NaN}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '[]',
  '\u0000\u0001\u0002',
  'name=Ada&amount=1',
  `${'['.repeat(20_000)}`,
];

/** Content types a JSON endpoint must refuse (or accept as JSON). */
export const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/jsonx',
  'APPLICATION/JSON',
  'application/problem+json',
  'application/json, text/plain',
  ';;;',
  '',
  'application/octet-stream',
];

/** Header values that test the parsing of every header an endpoint reads. */
export const HEADER_ABUSE: Record<string, readonly (string | string[])[]> = {
  'if-match': [
    'W/"2"',
    '"two"',
    '*',
    '"-1"',
    '"1.5"',
    '"99999999999999999999"',
    '"1", "2"',
    '',
    '"',
    '"1"x',
    'x'.repeat(9000),
    ['"1"', '"2"'],
  ],
  'idempotency-key': [
    'k'.repeat(129),
    'k'.repeat(5000),
    'two words',
    'tab\there',
    'ключ',
    '',
    ['same-key', 'other-key'],
  ],
  'x-dealflow-min-position': [
    '-1',
    '1.5',
    '1e3',
    'abc',
    '',
    ' 5',
    '9'.repeat(16),
    '9'.repeat(400),
    '0x10',
    ['1', '2'],
  ],
  authorization: [
    'Bearer',
    'Bearer ',
    `Bearer ${'x'.repeat(8000)}`,
    'Basic Zm9vOmJhcg==',
    'Bearer a.b.c',
    'Bearer eyJhbGciOiJub25lIn0.eyJzY29wZSI6ImxlYWRzOndyaXRlIn0.',
    ['Bearer one', 'Bearer two'],
  ],
  'x-request-id': ['../../x', 'x'.repeat(5000), ''],
  'x-correlation-id': ["'; DROP TABLE events; --", 'x'.repeat(5000)],
  'x-forwarded-for': ['not-an-ip', '1.1.1.1, 2.2.2.2, ' + 'x'.repeat(3000)],
  'content-length': ['abc', '-1'],
  'x-junk': ['x'.repeat(20_000)],
};

/** Raw path segments (already percent-encoded as sent): encoded slashes, traversal, bad escapes. */
export const BAD_PATH_SEGMENTS = [
  'a%2Fb',
  '..%2F..%2Fhealth',
  '%2e%2e',
  '..',
  '.',
  '%00',
  'a%00b',
  '%zz',
  '%',
  'a%20b',
  '%F0%9F%98%80',
  '%C3%28',
  'x'.repeat(65),
  'x'.repeat(5000),
  'lead;drop',
  'a%3Fb%3Dc',
  '%252F',
];

/** Raw additions to a query string: unknown and repeated parameters, broken escapes. */
export const BAD_QUERY_PARTS = [
  'foo=bar',
  '__proto__=1',
  'constructor[prototype][x]=1',
  '%',
  '%zz=1',
  '&&&',
  '=',
  'a[b]=1',
  'from[]=2024-01-01T00:00:00Z',
  'pipelineId=default&pipelineId=b2c',
  'from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z',
  'window=cohort&window=activity',
  `ownerId=${'x'.repeat(10_000)}`,
];
