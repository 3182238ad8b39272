import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** A topic name no other test file uses. */
export function uniqueTopic(prefix = 'test'): string {
  return `${prefix}.${randomBytes(5).toString('hex')}.lead-events`;
}

/** The brokers of the run's real Kafka. */
export function testBrokers(): string[] {
  return inject('kafkaBrokers').split(',');
}
