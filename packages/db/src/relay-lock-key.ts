/**
 * The `pg_try_advisory_lock` key held by the one relay allowed to publish the outbox at a time
 * (one publisher keeps per-lead order on Kafka). The bytes spell "df.relay" in ASCII, so it is
 * recognisable in `pg_locks` (`(classid::bigint << 32) | objid`) and fits a signed int8.
 *
 * @example
 * await sql`select pg_try_advisory_lock(${RELAY_LOCK_KEY}) as locked`.execute(db);
 */
export const RELAY_LOCK_KEY: bigint = 0x64662e72656c6179n;
