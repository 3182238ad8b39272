import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { log: createLogger({ name: 'test', stream }), text: () => text };
}

describe('createLogger', () => {
  it('never writes a lead key or a secret, wherever it sits', () => {
    const { log, text } = capture();
    const key = 'q9DJ2y1mB6xWnq0T8l0r1yq2Uu1mZ3VwB5s8tRkQ0aE=';
    log.error({ writes: [{ lead: 'L-1', key }], batch: { writes: [{ key }] } }, 'append failed');
    log.info({ leadKey: key, row: { leadKey: key }, auth: { token: 't0k3n', password: 'pw' } });
    expect(text()).not.toContain(key);
    expect(text()).not.toMatch(/t0k3n|"pw"/);
    expect(text()).toContain('"lead":"L-1"');
    expect(text()).toContain('[redacted]');
  });
});
