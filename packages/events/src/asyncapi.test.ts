import { Parser } from '@asyncapi/parser';
// eslint-disable-next-line no-restricted-imports -- the test compares the committed file
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument } from './asyncapi.js';
import { decodeEvent } from './decode-event.js';
import { jsonFileText } from './event-json-schemas.js';
import { EVENT_TYPES } from './event-types.js';

const committedFile = new URL('../asyncapi.json', import.meta.url);

describe('AsyncAPI document (packages/events/asyncapi.json)', () => {
  it('is committed as generated', () => {
    expect(
      readFileSync(committedFile, 'utf8'),
      'stale; run: npx pnpm@10.34.9 exec tsx packages/events/src/generate-contract.ts',
    ).toBe(jsonFileText(asyncApiDocument()));
  });

  it('is valid AsyncAPI 3.0 for the official parser, examples included', async () => {
    const { document, diagnostics } = await new Parser().parse(readFileSync(committedFile, 'utf8'));
    // Severity 0 is an error, 1 a warning: the document must have neither.
    const problems = diagnostics
      .filter((d) => Number(d.severity) <= 1)
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(problems).toEqual([]);
    expect(document?.version()).toBe('3.0.0');

    const channels = document?.channels().all() ?? [];
    expect(channels.map((c) => c.address())).toEqual([
      'dealflow.lead-events',
      'dealflow.lead-events.dlq',
    ]);
    const topic = channels[0];
    expect(
      topic
        ?.messages()
        .all()
        .map((m) => m.name()),
    ).toEqual([...EVENT_TYPES]);
    expect(topic?.bindings().get('kafka')?.value()).toMatchObject({ partitions: 6 });
    for (const message of topic?.messages().all() ?? []) {
      expect(message.bindings().get('kafka')?.value()).toHaveProperty('key.pattern');
      expect(message.headers()?.required()).toContain('ce_dataschema');
      expect(message.payload()?.required()).toContain('leadId');
      expect(message.examples().all()).toHaveLength(1);
    }
    expect(
      channels[1]
        ?.messages()
        .all()
        .map((m) => m.name()),
    ).toEqual(['DeadLetter']);
  }, 60_000); // the parser loads its whole rule set first: seconds on a busy machine

  it('gives each event message an example record that decodes and matches its headers', () => {
    const document = asyncApiDocument() as unknown as AsyncApiShape;
    for (const type of EVENT_TYPES) {
      const message = document.components.messages[type];
      const example = message?.examples[0];
      const key = example?.payload['leadId'];
      const decoded = decodeEvent({
        key: typeof key === 'string' ? key : null,
        value: JSON.stringify(example?.payload),
        headers: example?.headers ?? {},
      });
      expect(decoded.ok && decoded.event.type).toBe(type);
      for (const [name, schema] of Object.entries(message?.headers.properties ?? {})) {
        expect(example?.headers[name], name).toBeTypeOf('string');
        if (schema.const !== undefined) expect(example?.headers[name], name).toBe(schema.const);
      }
    }
  });
});

/** The parts of the generated document the example test reads. */
interface AsyncApiShape {
  components: {
    messages: Record<
      string,
      {
        headers: { properties: Record<string, { const?: string }> };
        examples: { headers: Record<string, string>; payload: Record<string, unknown> }[];
      }
    >;
  };
}
