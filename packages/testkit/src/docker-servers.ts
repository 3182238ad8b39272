import { GenericContainer, getContainerRuntimeClient, Wait } from 'testcontainers';
import { freePort } from './service-process.js';

/** Servers running in containers, for machines that have a Docker engine. */
export interface DockerServers {
  databaseUrl: string;
  kafkaBrokers: string;
  stop(): Promise<void>;
}

/** True when a container runtime answers; false (quickly) on machines without one. */
export async function dockerAnswers(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * Kafka 4 (KRaft, single node) and Postgres in containers. Kafka advertises the host port it is
 * published on, so the port is chosen before the container starts and mapped 1:1.
 */
export async function startDockerServers(): Promise<DockerServers> {
  const kafkaPort = await freePort();
  const [postgres, kafka] = await Promise.all([
    new GenericContainer('postgres:16-alpine')
      .withEnvironment({
        POSTGRES_USER: 'dealflow',
        POSTGRES_PASSWORD: 'dealflow',
        POSTGRES_DB: 'dealflow',
      })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start(),
    new GenericContainer('apache/kafka:4.1.1')
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: `PLAINTEXT://:${kafkaPort},CONTROLLER://:9093`,
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      })
      .withExposedPorts({ container: kafkaPort, host: kafkaPort })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start(),
  ]);
  return {
    databaseUrl: `postgres://dealflow:dealflow@${postgres.getHost()}:${postgres.getMappedPort(5432)}/dealflow`,
    kafkaBrokers: `127.0.0.1:${kafkaPort}`,
    async stop() {
      await Promise.all([postgres.stop(), kafka.stop()]);
    },
  };
}
