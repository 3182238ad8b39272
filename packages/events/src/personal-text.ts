import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The prefix of a sealed personal field: `enc:v1:` + base64url(iv ‖ tag ‖ ciphertext). */
export const SEALED_PREFIX = 'enc:v1:';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Which personal field of which lead a sealed value belongs to (the GCM associated data). */
export interface SealedField {
  leadId: string;
  field: 'name' | 'company';
}

/** A new lead's data key: 32 random bytes for AES-256-GCM. */
export const newLeadKey = (): Buffer => randomBytes(KEY_BYTES);

/** Whether a personal field holds a sealed value (else it is plaintext written before sealing). */
export const isSealedText = (value: string): boolean => value.startsWith(SEALED_PREFIX);

const associatedData = ({ leadId, field }: SealedField): Buffer =>
  Buffer.from(`${leadId}\u0000${field}`, 'utf8');

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new Error(`a lead key has ${KEY_BYTES} bytes`);
}

/**
 * Seals one personal field with its lead's key: AES-256-GCM, a fresh random IV per value, the
 * lead id and field name as associated data, so a sealed value moved to another lead or field
 * does not open.
 *
 * @example sealText(key, { leadId: 'L-1', field: 'name' }, 'Ada Lovelace') // 'enc:v1:…'
 */
export function sealText(key: Uint8Array, at: SealedField, plaintext: string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(at));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]);
  return `${SEALED_PREFIX}${sealed.toString('base64url')}`;
}

/**
 * Opens a value sealed by {@link sealText}. Throws on a wrong key, another lead or field, or
 * any change to the sealed text; the message never contains the plaintext or the key.
 */
export function openText(key: Uint8Array, at: SealedField, sealed: string): string {
  checkKey(key);
  if (!isSealedText(sealed)) throw new Error(`${at.field} of lead ${at.leadId} is not sealed`);
  const bytes = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) {
    throw new Error(`${at.field} of lead ${at.leadId}: sealed value too short`);
  }
  const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(associatedData(at));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    const body = bytes.subarray(IV_BYTES + TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(`${at.field} of lead ${at.leadId} does not open with its key`);
  }
}
