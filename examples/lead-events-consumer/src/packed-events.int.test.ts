import { installPacked, type OutsideApp } from '@dealflow/testkit';
import { afterAll, describe, expect, it } from 'vitest';

/** A TypeScript consumer outside the workspace, strict, resolving through `exports`. */
const CONSUMER_TS = `import { decodeEvent, encodeEvent, EVENT_EXAMPLES, type LeadEvent } from '@dealflow/events';
const record = encodeEvent(EVENT_EXAMPLES.DealWon, { source: 'outside' });
const decoded = decodeEvent(record);
const event: LeadEvent | undefined = decoded.ok ? decoded.event : undefined;
export const amount: number | undefined = event?.type === 'DealWon' ? event.data.amount.value : undefined;
`;

/** The same in plain JavaScript, run by node, with a committed JSON Schema. */
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
  let app: OutsideApp | undefined;
  afterAll(() => app?.remove());

  it('builds to JS and .d.ts, packs with dist exports, and serves JS and TS consumers', () => {
    // What a consumer installs beside it: zod (its dependency); TypeScript users @types/node.
    app = installPacked('packages/events', ['zod', '@types/node']);
    expect(JSON.parse(app.run('consumer.mjs', CONSUMER_MJS))).toEqual({
      ok: true,
      type: 'DealWon',
      bad: 'invalid_json',
      upcasted: true,
      header: 'https://dealflow.dev/schemas/events/DealWon.v1.schema.json',
      id: 'https://dealflow.dev/schemas/events/DealWon.v1.schema.json',
    });
    app.typecheck('consumer.ts', CONSUMER_TS);
  }, 180_000);
});
