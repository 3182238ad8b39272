/** A user of a SASL broker (see `KafkaInfraOptions.saslUsers`). */
export interface KafkaSaslUser {
  name: string;
  password: string;
}

/** The SASL settings of the broker's listener; empty without users. */
export function saslProperties(users: readonly KafkaSaslUser[]): string {
  const [first] = users;
  if (first === undefined) return '';
  const quoted = (text: string) => JSON.stringify(text);
  const login = `username=${quoted(first.name)} password=${quoted(first.password)}`;
  const plainUsers = users.map((u) => `user_${u.name}=${quoted(u.password)}`).join(' ');
  const module = 'org.apache.kafka.common.security';
  return `sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=${module}.scram.ScramLoginModule required ${login};
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=${module}.scram.ScramLoginModule required ${login};
listener.name.sasl_plaintext.plain.sasl.jaas.config=${module}.plain.PlainLoginModule required ${login} ${plainUsers};
`;
}

/** `StorageTool format` arguments that create the SCRAM credentials of every user. */
export function scramArguments(users: readonly KafkaSaslUser[]): string[] {
  return users.flatMap(({ name, password }) =>
    ['SCRAM-SHA-512', 'SCRAM-SHA-256'].flatMap((mechanism) => [
      '--add-scram',
      `${mechanism}=[name=${name},password=${password}]`,
    ]),
  );
}
