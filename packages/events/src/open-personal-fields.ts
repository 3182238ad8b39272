import { isSealedText, openText } from './personal-text.js';

/** A lead's key as a reader of its personal fields holds it (`lead_keys`). */
export type LeadKeyView =
  | { kind: 'key'; key: Uint8Array }
  | { kind: 'erased' }
  /** No key row: lost, not erased. */
  | { kind: 'missing' };

/** A lead's name and company as readers show them: `null` once erased. */
export interface PersonalFields {
  name: string | null;
  company: string | null;
  erased: boolean;
}

/** Why a lead's personal fields cannot be shown: never to be mistaken for an erasure. */
export class PersonalDataError extends Error {
  constructor(
    readonly code: 'key_missing' | 'sealed_unreadable',
    readonly leadId: string,
    message: string,
  ) {
    super(message);
    this.name = 'PersonalDataError';
  }
}

/**
 * Opens the personal fields of a lead's `LeadCreated` with its key: erased reads as `null`
 * (whatever the event holds, sealed or written in plaintext before sealing existed); plaintext
 * passes through; sealed fields open with the key. A sealed field without a key row
 * (`key_missing`) or one that does not open (`sealed_unreadable`) throws, naming the lead.
 */
export function openPersonalFields(
  leadId: string,
  data: { name: string; company?: string | undefined },
  key: LeadKeyView,
): PersonalFields {
  if (key.kind === 'erased') return { name: null, company: null, erased: true };
  const open = (field: 'name' | 'company', value: string): string => {
    if (!isSealedText(value)) return value;
    if (key.kind === 'missing') {
      throw new PersonalDataError(
        'key_missing',
        leadId,
        `lead ${leadId} has sealed personal data but no key: the key is lost (not erased)`,
      );
    }
    try {
      return openText(key.key, { leadId, field }, value);
    } catch (err) {
      throw new PersonalDataError('sealed_unreadable', leadId, (err as Error).message);
    }
  };
  return {
    name: open('name', data.name),
    company: data.company === undefined ? null : open('company', data.company),
    erased: false,
  };
}
