import { installPacked, type OutsideApp } from '@dealflow/testkit';
import { afterAll, describe, expect, it } from 'vitest';

/** A frontend's use of the client, type-checked against the packed declarations. */
const APP_TS = `import { createDealflowClient, ifMatch, positionOf } from '@dealflow/client';
const dealflow = createDealflowClient({ commandUrl: 'http://c', queryUrl: 'http://q', token: 't' });
export async function winAndCount(leadId: string): Promise<number | undefined> {
  const won = await dealflow.command.POST('/v1/leads/{leadId}/win', {
    params: { path: { leadId }, header: { 'if-match': ifMatch(2), 'idempotency-key': 'k-1' } },
    body: { reason: 'best fit' },
  });
  if (won.error) return undefined;
  const status: 'open' | 'won' | 'lost' = won.data.status;
  const funnel = await dealflow.query.GET('/v1/funnel', {
    params: { query: { pipelineId: 'default' }, header: { 'x-dealflow-min-position': positionOf(won.response) } },
  });
  return status === 'won' ? funnel.data?.totals.won : undefined;
}
// @ts-expect-error an undocumented path is a type error
export const wrong = () => dealflow.query.GET('/v1/nope');
`;

/** The client calling a stub server, in plain JavaScript. */
const APP_MJS = `import { createServer } from 'node:http';
import { createDealflowClient } from '@dealflow/client';
const server = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization, key: req.headers['idempotency-key'] }));
}).listen(0, '127.0.0.1');
await new Promise((ok) => server.once('listening', ok));
const url = 'http://127.0.0.1:' + server.address().port;
const dealflow = createDealflowClient({ commandUrl: url, queryUrl: url, token: 'secret' });
const { data } = await dealflow.command.POST('/v1/leads/{leadId}/lose', {
  params: { path: { leadId: 'a:b' }, header: { 'idempotency-key': 'k-2' } },
  body: { reason: 'price' },
});
server.close();
console.log(JSON.stringify(data));
`;

describe('@dealflow/client as a package outside the workspace', () => {
  let app: OutsideApp | undefined;
  afterAll(() => app?.remove());

  it('builds to JS and .d.ts, packs with dist exports, and types and sends the calls', () => {
    // What a frontend installs beside it: openapi-fetch (its dependency).
    app = installPacked('packages/client', ['openapi-fetch', '@types/node']);
    expect(JSON.parse(app.run('app.mjs', APP_MJS))).toEqual({
      method: 'POST',
      url: '/v1/leads/a%3Ab/lose',
      auth: 'Bearer secret',
      key: 'k-2',
    });
    app.typecheck('app.ts', APP_TS);
  }, 180_000);
});
