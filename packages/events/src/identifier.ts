import { z } from 'zod';

/**
 * The shared spelling of every id a client may choose: 1–64 characters of `[A-Za-z0-9_.:-]`
 * (API.md). Safe in URLs, Kafka keys, JSON object keys and log lines without escaping.
 */
export const identifier = (): z.ZodString => z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);
