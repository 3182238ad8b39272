import { z } from 'zod';
import { eventEnvelope } from './event-envelope.js';
import { freeText } from './free-text.js';
import { Money } from './money.js';
import { StageId } from './stage-id.js';

/** A lead's name or company as a client sends it (and as the API shows it, opened). */
export const PersonalTextInput = freeText(200);

/**
 * A personal field in an event: `enc:v1:…`, sealed with the lead's own key (see
 * `personal-text.ts`); events stored before sealing hold the plaintext (at most 200 characters).
 * The bound covers a sealed 200-character text.
 */
const personalField = (what: string) =>
  freeText(1024).describe(
    `${what}: \`enc:v1:\` + base64url(AES-256-GCM iv ‖ tag ‖ ciphertext) under the lead's key; ` +
      'plaintext in events written before personal data was sealed',
  );

/**
 * Data of `LeadCreated`: who the lead is and what it is expected to be worth. `name` and
 * `company` are personal data, sealed with the lead's key; erasing the lead deletes the key.
 */
export const LeadCreatedData = z.object({
  name: personalField("The lead's name"),
  company: personalField("The lead's company").optional(),
  source: freeText(100).optional(),
  ownerId: freeText(200).optional(),
  amount: Money.describe('Expected amount'),
  stage: StageId.describe("The pipeline's first stage"),
});

/** @see LeadCreatedData */
export type LeadCreatedData = z.infer<typeof LeadCreatedData>;

/** A lead entered the funnel at its pipeline's first stage. Always version 1 of its stream. */
export const leadCreatedSchema = eventEnvelope('LeadCreated', LeadCreatedData)
  .extend({ version: z.literal(1) })
  .meta({
    title: 'LeadCreated',
    description: "A lead entered the funnel at its pipeline's first stage",
  });

/** @see leadCreatedSchema */
export type LeadCreated = z.infer<typeof leadCreatedSchema>;
