import { parentPort, threadId, workerData } from 'node:worker_threads';
import { createDb } from '@dealflow/db';
import { PipelineCatalog } from '@dealflow/domain';
import { createKafkaClient, kafkaConnectionFromPlain } from '@dealflow/kafka';
import { createLogger } from '@dealflow/runtime';
import pino from 'pino';
import { Projector } from '../live/projector.js';
import { rebuildDatabaseUrl } from './rebuild-database-url.js';
import type { RebuildWorkerData, WorkerReport } from './rebuild-workers.js';

/**
 * One consumer of a rebuild's group in a thread of its own (see `RebuildWorkers`): a `rebuild`
 * projector on its own database pool and Kafka client. Reports `started`, `poison`,
 * `crashed` and, after a `stop` message, `stopped`.
 */
async function main(port: NonNullable<typeof parentPort>, data: RebuildWorkerData) {
  const report = (message: WorkerReport) => port.postMessage(message);
  const logger = createLogger({
    name: 'projector',
    level: data.logLevel,
    stream: pino.destination(data.logFd),
  }).child({
    rebuildWorker: threadId,
  });
  const handle = createDb({
    url: rebuildDatabaseUrl(data.databaseUrl),
    max: data.concurrency + 2,
    applicationName: 'dealflow-rebuild',
    logger,
  });
  const kafka = createKafkaClient({
    ...kafkaConnectionFromPlain(data.kafka),
    clientId: data.clientId,
    logger,
  });
  const projector = new Projector({
    db: handle.db,
    kafka,
    topic: data.topic,
    groupId: data.groupId,
    version: data.version,
    pipelines: new PipelineCatalog(data.pipelines),
    logger,
    role: 'rebuild',
    skipRecords: new Set(data.skipRecords),
    replayRetried: { records: new Set(data.replay.records), leads: new Set(data.replay.leads) },
    concurrency: data.concurrency,
    maxBatchBytes: data.maxBatchBytes,
    maxChunkRecords: data.maxChunkRecords,
    maxWaitMs: data.maxWaitMs,
    onPoison: () => report({ kind: 'poison' }),
  });
  const watch = setInterval(() => {
    if (projector.snapshot().state !== 'crashed') return;
    clearInterval(watch);
    report({ kind: 'crashed' });
  }, 250);
  port.on('message', (message: { kind: 'stop' }) => {
    if (message.kind !== 'stop') return;
    clearInterval(watch);
    void projector
      .stop()
      .finally(() => handle.close())
      .then(
        () => report({ kind: 'stopped' }),
        (err: unknown) => report({ kind: 'crashed', message: String(err) }),
      );
  });
  try {
    await projector.start();
    report({ kind: 'started' });
  } catch (err) {
    clearInterval(watch);
    await handle.close();
    report({ kind: 'crashed', message: err instanceof Error ? err.message : String(err) });
  }
}

if (parentPort === null) throw new Error('rebuild-worker runs in a worker thread');
void main(parentPort, workerData as RebuildWorkerData);
