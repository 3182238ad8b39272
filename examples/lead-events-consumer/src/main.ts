/**
 * Prints every lead event of the topic once, as one JSON line on stdout, and the counts with
 * their rate every few seconds on stderr.
 *
 * Usage: KAFKA_BROKERS=127.0.0.1:9092 [KAFKA_TOPIC=…] [GROUP_ID=…] tsx src/main.ts
 */
import { pino } from 'pino';
import { startLeadEventConsumer } from './consumer.js';

const log = pino({ name: 'lead-events-consumer' }, pino.destination(2));
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const consumer = await startLeadEventConsumer({
  brokers,
  topic: process.env['KAFKA_TOPIC'] ?? 'dealflow.lead-events',
  groupId: process.env['GROUP_ID'] ?? 'example.lead-events-consumer',
  onEvent: (event) => {
    process.stdout.write(`${JSON.stringify(event)}\n`);
  },
});
const started = Date.now();
const progress = setInterval(() => {
  const stats = consumer.stats();
  const seconds = (Date.now() - started) / 1000;
  log.info({ ...stats, perSecond: Math.round(stats.applied / seconds) }, 'consuming');
}, 5_000);
const stop = (): void => {
  clearInterval(progress);
  void consumer.stop().then(() => log.info(consumer.stats(), 'stopped'));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
