import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then randomness. Within one process the ids
 * are strictly increasing: the 12-bit `rand_a` field is a counter inside the same millisecond
 * (seeded randomly each new millisecond), so events appended in one transaction sort in order.
 *
 * @example uuidv7() // '01936f0e-6c4a-7b21-9f0d-3c5e8a1b2c3d'
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  if (now > lastMs) {
    lastMs = now;
    counter = (bytes[6] ?? 0) & 0x07; // leave headroom so a burst rarely overflows the counter
  } else if (++counter > 0xfff) {
    lastMs += 1; // counter exhausted: borrow the next millisecond rather than repeat an id
    counter = 0;
  }
  const ms = BigInt(lastMs);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
