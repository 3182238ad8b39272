import type { JsonSchema } from './event-json-schemas.js';

/** One way a new schema would break a consumer written against the old one. */
export interface BreakingChange {
  /** Dotted path of the property (`data.amount.value`); `` for the root, `[]` for items. */
  path: string;
  message: string;
}

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const typesOf = (schema: JsonSchema): string[] | undefined => {
  const { type } = schema;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.map(String) : undefined;
};

/** Whether a value of JSON type `type` is also one of `types` (`integer` is a `number`). */
const covered = (type: string, types: string[]): boolean =>
  types.includes(type) || (type === 'integer' && types.includes('number'));

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
const show = (value: unknown): string => JSON.stringify(value);

/** Lower bounds that may only fall and upper bounds that may only rise. */
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems'] as const;

/** The values a schema allows when it is a `const` or an `enum`; `undefined` when unbounded. */
function allowedValues(schema: JsonSchema): unknown[] | undefined {
  if ('const' in schema) return [schema['const']];
  return Array.isArray(schema['enum']) ? schema['enum'] : undefined;
}

function compareValues(path: string, before: JsonSchema, after: JsonSchema): BreakingChange[] {
  const out: BreakingChange[] = [];
  const beforeTypes = typesOf(before);
  const afterTypes = typesOf(after);
  if (afterTypes !== undefined) {
    const lost = (beforeTypes ?? ['any']).filter((type) => !covered(type, afterTypes));
    if (lost.length > 0) {
      out.push({
        path,
        message: `type narrowed from ${show(beforeTypes ?? 'any')} to ${show(afterTypes)}`,
      });
    }
  }
  const afterValues = allowedValues(after);
  if (afterValues !== undefined) {
    const beforeValues = allowedValues(before);
    if (beforeValues === undefined) {
      out.push({ path, message: `restricted to ${show(afterValues)}` });
    } else {
      const removed = beforeValues.filter((v) => !afterValues.some((a) => show(a) === show(v)));
      if (removed.length > 0) out.push({ path, message: `enum value removed: ${show(removed)}` });
    }
  }
  for (const key of LOWER_BOUNDS) {
    const [was, now] = [before[key], after[key]];
    if (typeof now === 'number' && (typeof was !== 'number' || now > was)) {
      out.push({ path, message: `${key} raised from ${show(was)} to ${now}` });
    }
  }
  for (const key of UPPER_BOUNDS) {
    const [was, now] = [before[key], after[key]];
    if (typeof now === 'number' && (typeof was !== 'number' || now < was)) {
      out.push({ path, message: `${key} lowered from ${show(was)} to ${now}` });
    }
  }
  for (const key of ['pattern', 'format', 'multipleOf'] as const) {
    if (key in after && show(after[key]) !== show(before[key])) {
      out.push({
        path,
        message: `${key} changed from ${show(before[key])} to ${show(after[key])}`,
      });
    }
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (show(after[key]) !== show(before[key])) {
      out.push({ path, message: `${key} changed (alternatives are compared as a whole)` });
    }
  }
  return out;
}

function compareObjects(path: string, before: JsonSchema, after: JsonSchema): BreakingChange[] {
  const out: BreakingChange[] = [];
  const beforeProps = isSchema(before['properties']) ? before['properties'] : {};
  const afterProps = isSchema(after['properties']) ? after['properties'] : {};
  for (const [key, was] of Object.entries(beforeProps)) {
    const now = afterProps[key];
    if (now === undefined) {
      out.push({ path: join(path, key), message: 'field removed (or renamed)' });
    } else if (isSchema(was) && isSchema(now)) {
      out.push(...breakingChanges(was, now, join(path, key)));
    }
  }
  const wasRequired = new Set(Array.isArray(before['required']) ? before['required'] : []);
  const nowRequired = Array.isArray(after['required']) ? after['required'] : [];
  for (const key of nowRequired.filter((k) => !wasRequired.has(k))) {
    out.push({ path: join(path, String(key)), message: 'required field added' });
  }
  const [wasExtra, nowExtra] = [before['additionalProperties'], after['additionalProperties']];
  if (nowExtra === false && wasExtra !== false) {
    out.push({ path, message: 'unknown fields no longer allowed' });
  } else if (isSchema(nowExtra)) {
    out.push(...breakingChanges(isSchema(wasExtra) ? wasExtra : {}, nowExtra, join(path, '*')));
  }
  if (isSchema(after['items'])) {
    const was = isSchema(before['items']) ? before['items'] : {};
    out.push(...breakingChanges(was, after['items'], join(path, '[]')));
  }
  return out;
}

/**
 * What in `after` would break a consumer of `before`: events stay on the topic forever, so every
 * document `before` accepts must still be accepted (no type narrowed, no enum value removed, no
 * required field added, no bound tightened), and every field a consumer may read must still be
 * there (none removed or renamed). Adding an optional field breaks nothing. Annotations
 * (`title`, `description`, `$id`) are not compared.
 */
export function breakingChanges(
  before: JsonSchema,
  after: JsonSchema,
  path = '',
): BreakingChange[] {
  return [...compareValues(path, before, after), ...compareObjects(path, before, after)];
}
