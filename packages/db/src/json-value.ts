/** A JSON value as it comes back from a `jsonb` column. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object as it comes back from a `jsonb` column. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * What may be written into a `jsonb` column that holds an object: a plain object (pg serialises it
 * with `JSON.stringify`) or an already serialised JSON string. Arrays are deliberately excluded:
 * pg would send a JS array as a Postgres array literal, not as JSON.
 */
export type JsonObjectInput = Readonly<Record<string, unknown>> | string;
