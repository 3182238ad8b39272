import { z } from 'zod';

/** What one environment variable of a service's schema is, read from the schema itself. */
export interface VariableInfo {
  name: string;
  /** The schema's default, as the text a variable would hold; undefined when it has none. */
  defaultText: string | undefined;
  /** Neither a default nor optional: start-up fails without it. */
  required: boolean;
  description: string | undefined;
  /** What the text must be, in words: `true or false`, `a number`, `one of: a, b`. */
  kind: string;
  /** Set for a retired spelling: the variable that replaced it. */
  renamedTo: string | undefined;
}

/** The zod internals the walk reads: `_zod.def` of each wrapper. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  in?: z.ZodType;
  out?: z.ZodType;
  entries?: Record<string, string>;
  format?: string;
  shape?: Record<string, z.ZodType>;
}

const defOf = (schema: z.ZodType) => schema._zod.def as unknown as Def;

/** A default value as the environment would spell it. */
function asText(value: unknown): string {
  if (Array.isArray(value)) return value.map(asText).join(',');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function kindOf(def: Def): string | undefined {
  switch (def.type) {
    case 'boolean':
      return 'true or false';
    case 'number':
    case 'int':
      return 'a number';
    case 'enum':
      return `one of: ${Object.values(def.entries ?? {}).join(', ')}`;
    case 'array':
      return 'a comma-separated list';
    case 'string':
      return def.format === 'url' ? 'a URL' : 'text';
    case 'undefined':
      return 'not read';
    default:
      return undefined;
  }
}

/** Reads default, optionality, description and kind through the wrappers of one field. */
export function describeVariable(name: string, schema: z.ZodType): VariableInfo {
  const info: VariableInfo = {
    name,
    defaultText: undefined,
    required: true,
    description: undefined,
    kind: 'text',
    renamedTo: undefined,
  };
  let node: z.ZodType | undefined = schema;
  let kind: string | undefined;
  while (node !== undefined) {
    const meta = z.globalRegistry.get(node);
    info.description ??= meta?.description;
    if (typeof meta?.renamedTo === 'string') info.renamedTo = meta.renamedTo;
    const def = defOf(node);
    if (def.type === 'default' || def.type === 'prefault') {
      if (info.defaultText === undefined) info.defaultText = asText(def.defaultValue);
      info.required = false;
      node = def.innerType;
    } else if (def.type === 'optional' || def.type === 'nullable') {
      info.required = false;
      node = def.innerType;
    } else if (def.type === 'pipe' && def.in !== undefined && def.out !== undefined) {
      // A preprocess reads on at its target; a parse-then-convert pipe is described by what it
      // turns the text into (a boolean, a list) when that says more than "text".
      const from = defOf(def.in);
      const to = kindOf(defOf(def.out));
      if (from.type === 'transform') node = def.out;
      else {
        if (to !== undefined && to !== 'text') kind ??= to;
        node = def.in;
      }
    } else {
      kind ??= kindOf(def);
      node = undefined;
    }
  }
  info.kind = kind ?? 'text';
  return info;
}

/** The environment variables a service's schema reads, in the schema's order. */
export function describeConfig(schema: z.ZodType): VariableInfo[] {
  let node: z.ZodType = schema;
  for (;;) {
    const def = defOf(node);
    if (def.type === 'object' && def.shape !== undefined) {
      return Object.entries(def.shape).map(([name, field]) => describeVariable(name, field));
    }
    if (def.type === 'pipe' && def.in !== undefined) node = def.in;
    else throw new Error(`not an object schema (or one piped into a transform): ${def.type}`);
  }
}
