import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { z } from 'zod';

/** The Kafka client libraries behind the port. */
export const kafkaClientKinds = ['kafkajs', 'platformatic'] as const;
export type KafkaClientKind = (typeof kafkaClientKinds)[number];

/** The client library used when `KAFKA_CLIENT` is not set (see docs/kafka-client.md). */
export const defaultKafkaClient: KafkaClientKind = 'kafkajs';

/** The SASL mechanisms both clients speak. */
export const saslMechanisms = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN'] as const;
export type SaslMechanism = (typeof saslMechanisms)[number];

/**
 * A secret that stays out of logs: `JSON.stringify`, pino and `util.inspect` print
 * `[redacted]`; only `reveal()` hands out the value.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return '[redacted]';
  }
}

/** SASL credentials for the brokers. */
export interface KafkaSasl {
  mechanism: SaslMechanism;
  username: string;
  password: Secret;
}

/** TLS to the brokers; `ca` (PEM) replaces the system's trusted authorities when given. */
export interface KafkaTls {
  ca?: string;
  /** False only for a test broker with a self-signed certificate and no CA at hand. */
  rejectUnauthorized: boolean;
}

/** Where the cluster is and how to reach it: everything but the client id and the logger. */
export interface KafkaConnection {
  brokers: string[];
  client: KafkaClientKind;
  tls?: KafkaTls;
  sasl?: KafkaSasl;
}

const onOff = z.stringbool();

/**
 * The environment variables of a Kafka connection besides `KAFKA_BROKERS`: the client library,
 * TLS and SASL. Spread into a service schema and turned into a {@link KafkaConnection} by
 * {@link kafkaConnectionFromEnv} in its `transform` (the cross-field rules live there).
 */
export const kafkaConnectionConfigSchema = z.object({
  KAFKA_CLIENT: z
    .enum(kafkaClientKinds)
    .default(defaultKafkaClient)
    .describe('Kafka client library behind the port (see docs/kafka-client.md)'),
  KAFKA_SSL: onOff.default(false).describe('TLS to the brokers'),
  KAFKA_SSL_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe("PEM file of the brokers' certificate authority (default: the system's)"),
  KAFKA_SSL_REJECT_UNAUTHORIZED: onOff
    .default(true)
    .describe('false accepts any broker certificate: test brokers only'),
  KAFKA_SASL_MECHANISM: z
    .enum(saslMechanisms)
    .optional()
    .describe('SASL authentication; needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD'),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z
    .string()
    .min(1)
    .optional()
    .transform((value) => (value === undefined ? undefined : new Secret(value))),
});

type ConnectionEnv = z.infer<typeof kafkaConnectionConfigSchema> & { KAFKA_BROKERS: string[] };

/**
 * Builds the connection from parsed variables, reporting incomplete SASL settings and an
 * unreadable CA file as issues of `ctx` (inside a schema's `transform`).
 */
export function kafkaConnectionFromEnv(env: ConnectionEnv, ctx: z.RefinementCtx): KafkaConnection {
  const connection: KafkaConnection = { brokers: env.KAFKA_BROKERS, client: env.KAFKA_CLIENT };
  if (env.KAFKA_SSL) {
    connection.tls = { rejectUnauthorized: env.KAFKA_SSL_REJECT_UNAUTHORIZED };
    if (env.KAFKA_SSL_CA_FILE !== undefined) {
      try {
        connection.tls.ca = readFileSync(env.KAFKA_SSL_CA_FILE, 'utf8');
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          path: ['KAFKA_SSL_CA_FILE'],
          message: `cannot read ${env.KAFKA_SSL_CA_FILE}: ${(error as Error).message}`,
        });
      }
    }
  } else if (env.KAFKA_SSL_CA_FILE !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['KAFKA_SSL_CA_FILE'],
      message: 'set KAFKA_SSL=true to use a CA file',
    });
  }
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username } = env;
  const password = env.KAFKA_SASL_PASSWORD;
  if (mechanism !== undefined) {
    if (username === undefined || password === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [username === undefined ? 'KAFKA_SASL_USERNAME' : 'KAFKA_SASL_PASSWORD'],
        message: `KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`,
      });
    } else {
      connection.sasl = { mechanism, username, password };
    }
  } else if (username !== undefined || password !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['KAFKA_SASL_MECHANISM'],
      message: `set KAFKA_SASL_MECHANISM (one of ${saslMechanisms.join(', ')}) to use SASL credentials`,
    });
  }
  return connection;
}

/** A `KafkaConnection` as plain data, for `workerData` (a `Secret` does not survive cloning). */
export type PlainKafkaConnection = Omit<KafkaConnection, 'sasl'> & {
  sasl?: Omit<KafkaSasl, 'password'> & { password: string };
};

/** The connection as plain data for another thread; the password travels as text. */
export function kafkaConnectionToPlain(connection: KafkaConnection): PlainKafkaConnection {
  const { sasl, ...rest } = connection;
  return sasl === undefined
    ? rest
    : { ...rest, sasl: { ...sasl, password: sasl.password.reveal() } };
}

/** The connection back from plain data (see `kafkaConnectionToPlain`). */
export function kafkaConnectionFromPlain(plain: PlainKafkaConnection): KafkaConnection {
  const { sasl, ...rest } = plain;
  return sasl === undefined
    ? rest
    : { ...rest, sasl: { ...sasl, password: new Secret(sasl.password) } };
}
