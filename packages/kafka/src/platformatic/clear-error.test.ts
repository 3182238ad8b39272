import { describe, expect, it } from 'vitest';
import { clearError, isAuthenticationError } from './clear-error.js';

/** The shape the library reports a refused login in: retries around connection errors. */
function refusedLogin(): Error {
  const protocol = Object.assign(new Error('SASL authentication failed.'), {
    code: 'PLT_KFK_PROTOCOL',
    serverErrorMessage: 'Authentication failed during authentication due to invalid credentials',
  });
  const auth = Object.assign(new Error('SASL authentication failed.', { cause: protocol }), {
    code: 'PLT_KFK_AUTHENTICATION',
  });
  const network = Object.assign(
    new Error('Connection to 127.0.0.1:9092 failed.', { cause: auth }),
    {
      code: 'PLT_KFK_NETWORK',
    },
  );
  return new AggregateError([network], 'Listing topics failed.');
}

describe('clearError', () => {
  it("names a refused login with the broker's words and keeps the original as cause", () => {
    const original = refusedLogin();
    const clear = clearError(original);
    expect(isAuthenticationError(original)).toBe(true);
    expect(clear).toBeInstanceOf(Error);
    expect((clear as Error).message).toBe(
      'Kafka SASL authentication failed: Authentication failed during authentication due to invalid credentials',
    );
    expect((clear as Error).cause).toBe(original);
  });

  it('leaves every other error as it is', () => {
    const timeout = Object.assign(new Error('Request timed out'), { code: 'PLT_KFK_TIMEOUT' });
    expect(isAuthenticationError(timeout)).toBe(false);
    expect(clearError(timeout)).toBe(timeout);
    expect(clearError('not an error')).toBe('not an error');
  });
});
