import type pg from 'pg';

type Query = (...args: unknown[]) => unknown;

/**
 * Runs a connection's parameterised statements as named prepared statements: Postgres parses
 * and plans each text once per connection instead of at every call. On a busy event store that
 * is a large share of a small statement's cost (the append of a batch of new leads spent a third
 * of its server time planning). At most `max` texts per connection are kept (a statement whose
 * text is built per call cannot fill the server's memory); the ones seen after that run
 * unnamed, as before. Statements without parameters (`BEGIN`, `COMMIT`, DDL) stay on the simple
 * protocol.
 *
 * Where a connection may see the same text with very different parameters (a reporting query
 * over a date range), a generic plan chosen after five calls can be worse than a fresh one, so
 * this is for services whose statements are writes and key lookups, not for the query service.
 */
export function prepareStatements(client: pg.ClientBase, max: number): void {
  const names = new Map<string, string>();
  const query = client.query.bind(client) as Query;
  const prepared: Query = (config, values, callback) => {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      let name = names.get(config);
      if (name === undefined && names.size < max) {
        name = `dealflow_${names.size}`;
        names.set(config, name);
      }
      if (name !== undefined) {
        const named = { name, text: config, values };
        return callback === undefined ? query(named) : query(named, callback);
      }
    }
    return query(config, values, callback);
  };
  client.query = prepared as typeof client.query;
}
