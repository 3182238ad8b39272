import { resolveRef, type JsonSchema } from './json-schema-arbitrary.js';

/** One parameter of an operation (path, query or header), as the OpenAPI document states it. */
export interface OperationParam {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One operation of an OpenAPI 3.1 document: what the fuzzer needs to build its requests. */
export interface Operation {
  /** `GET /v1/leads/{leadId}`: the label of reports. */
  id: string;
  method: string;
  /** The path template with `{name}` placeholders. */
  path: string;
  pathParams: OperationParam[];
  query: OperationParam[];
  headers: OperationParam[];
  /** The `application/json` request body, if the operation takes one. */
  body: JsonSchema | undefined;
  /** The operation lists a security requirement (a bearer token with a scope). */
  secured: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface RawParam {
  name?: unknown;
  in?: unknown;
  required?: unknown;
  schema?: JsonSchema;
  $ref?: string;
}

interface RawOperation {
  parameters?: RawParam[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
  security?: unknown[];
}

/**
 * An endless stream (`text/event-stream`) never completes an answer the fuzzer could check;
 * its refusals and limits have tests of their own (`services/query/src/stream.int.test.ts`).
 */
const isStream = (op: RawOperation): boolean =>
  Object.keys(op.responses?.['200']?.content ?? {}).includes('text/event-stream');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function params(doc: unknown, op: RawOperation, where: string): OperationParam[] {
  return (op.parameters ?? [])
    .map((p) => resolveRef(doc, p as JsonSchema) as RawParam)
    .filter((p) => p.in === where && typeof p.name === 'string')
    .map((p) => ({
      name: String(p.name),
      required: p.required === true || where === 'path',
      schema: p.schema ?? {},
    }));
}

/**
 * Every operation of an OpenAPI 3.1 document (`GET /docs/json` of a dealflow service), so the
 * fuzzer covers routes added later without being told about them.
 */
export function operationsOf(doc: unknown): Operation[] {
  const paths = isRecord(doc) && isRecord(doc.paths) ? doc.paths : {};
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const raw = item[method];
      if (!isRecord(raw)) continue;
      const op = raw as RawOperation;
      if (isStream(op)) continue;
      out.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params(doc, op, 'path'),
        query: params(doc, op, 'query'),
        headers: params(doc, op, 'header'),
        body: op.requestBody?.content?.['application/json']?.schema,
        secured: Array.isArray(op.security) && op.security.length > 0,
      });
    }
  }
  return out;
}
