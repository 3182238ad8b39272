export {
  ensureKafkaLibs,
  kafkaStatus,
  startKafka,
  stopKafka,
  type KafkaInfraOptions,
  type KafkaSaslUser,
} from './kafka.js';
export {
  localPostgresDir,
  postgresStatus,
  startPostgres,
  stopPostgres,
  type PostgresInfraOptions,
} from './postgres.js';
export { ensureLocalServers, type LocalServers } from './local-servers.js';
export { localStateDir } from './state-dir.js';
