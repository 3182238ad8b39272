import { firstParked } from '@dealflow/read-models';
import type { QueryExecutorProvider } from 'kysely';

/** A rebuild stopped at an event it cannot apply (fail-loud); the live version is untouched. */
export class RebuildFailedError extends Error {
  override readonly name = 'RebuildFailedError';
  constructor(
    message: string,
    readonly where?: { topic: string; partition: number; offset: number; code: string },
  ) {
    super(message);
  }
}

/**
 * The first record the building version parked, as a {@link RebuildFailedError} naming its
 * topic, partition, offset and reason (in rebuild mode a parked record is a failure).
 */
export async function poisonError(
  db: QueryExecutorProvider,
  version: number,
): Promise<RebuildFailedError> {
  const first = await firstParked(db, version);
  if (first === undefined) return new RebuildFailedError('a record could not be applied');
  const { topic, partition, offset, error_code: code, error } = first;
  return new RebuildFailedError(
    `cannot apply ${topic}/${partition}@${offset} (${code}): ${error}`,
    { topic, partition, offset, code },
  );
}
