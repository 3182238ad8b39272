import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DealWonData } from './deal-won.js';
import { eventEnvelope } from './event-envelope.js';
import { eventJsonSchema, toJsonSchema } from './event-json-schemas.js';
import { Money } from './money.js';
import { breakingChanges } from './schema-compat.js';

/** A published shape, in the style of an event's `data`. */
const published = z.object({
  name: z.string().min(1).max(200),
  score: z.number(),
  count: z.int().min(0),
  status: z.enum(['open', 'won', 'lost']),
  note: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

/** The breaking changes of `next` against the published shape, as `path: message`. */
const check = (next: z.ZodType): string[] =>
  breakingChanges(toJsonSchema(published), toJsonSchema(next)).map(
    (change) => `${change.path}: ${change.message}`,
  );

describe('breakingChanges', () => {
  it('finds nothing in an unchanged schema', () => {
    expect(check(published)).toEqual([]);
  });

  it('lets an optional field be added', () => {
    expect(check(published.extend({ region: z.string().optional() }))).toEqual([]);
  });

  it('lets a type, an enum and a bound be widened', () => {
    const widened = published.extend({
      name: z.string().min(1).max(500),
      count: z.number().min(0),
      status: z.enum(['open', 'won', 'lost', 'paused']),
    });
    expect(check(widened)).toEqual([]);
  });

  it('refuses a removed field', () => {
    expect(check(published.omit({ note: true }))).toEqual(['note: field removed (or renamed)']);
  });

  it('refuses a renamed field', () => {
    const renamed = published.omit({ name: true }).extend({ title: z.string().min(1).max(200) });
    expect(check(renamed)).toEqual([
      'name: field removed (or renamed)',
      'title: required field added',
    ]);
  });

  it('refuses a narrowed type', () => {
    expect(check(published.extend({ score: z.int() }))).toEqual([
      'score: type narrowed from ["number"] to ["integer"]',
      'score: minimum raised from undefined to -9007199254740991',
      'score: maximum lowered from undefined to 9007199254740991',
    ]);
    expect(check(published.extend({ score: z.string() }))).toEqual([
      'score: type narrowed from ["number"] to ["string"]',
    ]);
  });

  it('refuses a removed enum value', () => {
    expect(check(published.extend({ status: z.enum(['open', 'won']) }))).toEqual([
      'status: enum value removed: ["lost"]',
    ]);
  });

  it('refuses an added required field, and an optional field made required', () => {
    expect(check(published.extend({ region: z.string() }))).toEqual([
      'region: required field added',
    ]);
    expect(check(published.extend({ note: z.string() }))).toEqual(['note: required field added']);
  });

  it('refuses tightened bounds and patterns, also inside arrays', () => {
    const tightened = published.extend({
      name: z.string().min(2).max(100),
      tags: z.array(z.string().regex(/^[a-z]+$/)).optional(),
    });
    expect(check(tightened)).toEqual([
      'name: minLength raised from 1 to 2',
      'name: maxLength lowered from 200 to 100',
      'tags.[]: pattern changed from undefined to "^[a-z]+$"',
    ]);
  });

  it('refuses closing an open object', () => {
    expect(check(published.strict())).toEqual([': unknown fields no longer allowed']);
  });
});

describe('breakingChanges on the published envelopes', () => {
  it('refuses DealWon without its reason, and accepts DealWon with an optional discount', () => {
    const current = eventJsonSchema('DealWon');
    const withoutReason = eventEnvelope('DealWon', DealWonData.omit({ reason: true }));
    expect(breakingChanges(current, toJsonSchema(withoutReason))).toEqual([
      { path: 'data.reason', message: 'field removed (or renamed)' },
    ]);
    const withDiscount = eventEnvelope(
      'DealWon',
      DealWonData.extend({ discount: Money.optional() }),
    );
    expect(breakingChanges(current, toJsonSchema(withDiscount))).toEqual([]);
  });
});
