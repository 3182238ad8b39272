import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/** Random bytes drawn 4 KiB at a time: one draw per 256 ids instead of one per id. */
const pool = Buffer.alloc(4096);
let pooled = pool.length;

function random16(): Buffer {
  if (pooled + 16 > pool.length) {
    randomFillSync(pool);
    pooled = 0;
  }
  const bytes = Buffer.from(pool.subarray(pooled, pooled + 16));
  pooled += 16;
  return bytes;
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then randomness. Within one process the ids
 * are strictly increasing: the 12-bit `rand_a` field is a counter inside the same millisecond
 * (seeded randomly each new millisecond), so events appended in one transaction sort in order.
 *
 * @example uuidv7() // '01936f0e-6c4a-7b21-9f0d-3c5e8a1b2c3d'
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = random16();
  if (now > lastMs) {
    lastMs = now;
    counter = (bytes[6] ?? 0) & 0x07; // leave headroom so a burst rarely overflows the counter
  } else if (++counter > 0xfff) {
    lastMs += 1; // counter exhausted: borrow the next millisecond rather than repeat an id
    counter = 0;
  }
  // 48 bits of milliseconds, big-endian (exact in a double: below 2^53).
  let ms = lastMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
