import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import { storableText } from '@dealflow/events';
import { listVersions, liveVersion } from '@dealflow/read-models';
import { AppError, problemSchema, SCOPES, type HttpApp } from '@dealflow/runtime';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  discardParked,
  getParked,
  listParked,
  NotLiveError,
  NotParkedError,
  ParkedNotFoundError,
} from './parked-events.js';
import { retryParked } from './retry-parked.js';

/** What the parked-event routes need. */
export interface ParkedRoutesOptions {
  db: Kysely<Database>;
  pipelines: PipelineCatalog;
}

const parkedEventSchema = z.object({
  id: z.int(),
  version: z.int().describe('The read-model version it was parked in'),
  topic: z.string(),
  partition: z.int(),
  offset: z.int(),
  leadId: z.string().nullable().describe('The envelope’s leadId, else the record key'),
  errorCode: z
    .string()
    .describe(
      '`invalid_json`, `invalid_event`, `unknown_type`, `key_mismatch`, `empty_value`, `gap`, ' +
        '`unknown_stage`, `invalid_transition`, or `blocked` (an earlier event of the lead is parked)',
    ),
  error: z.string(),
  status: z.enum(['parked', 'retried', 'discarded']),
  parkedAt: z.string(),
  resolvedAt: z.string().nullable(),
  attempts: z.int().describe('How many times it was retried'),
  note: z.string().nullable().describe('The operator’s note on a discard'),
  dlqPublishedAt: z.string().nullable().describe('When it was sent to `<topic>.dlq`'),
  key: z.string().nullable(),
  valueBase64: z.string().nullable().describe('The original value, byte for byte'),
  valueText: z.string().nullable().describe('The value as text, when it is valid UTF-8'),
  headers: z.record(z.string(), z.string()),
});

const idParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

const versionQuery = z.coerce
  .number()
  .int()
  .min(1)
  .max(2_147_483_647)
  .optional()
  .describe('Read-model version (default: the live one)');

const listQuery = z
  .object({
    status: z.enum(['parked', 'retried', 'discarded', 'all']).default('parked'),
    leadId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_.:-]+$/)
      .optional(),
    errorCode: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z_]+$/)
      .optional(),
    afterId: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.coerce.number().int().min(1).max(1_000).default(100),
    version: versionQuery,
  })
  .strict();

const discardBody = z
  .object({ note: storableText(1_000).optional().describe('Why it is discarded') })
  .strict()
  .default({});

const retryResultSchema = z.object({
  leadId: z.string().nullable(),
  retried: z.array(parkedEventSchema).describe('Applied now, or found already applied'),
  stillParked: z.array(parkedEventSchema).describe('Still not applicable, with the new reason'),
});

const problems = {
  404: problemSchema.describe('parked_event_not_found'),
  409: problemSchema.describe('not_parked, version_not_live'),
};

function asAppError(err: unknown): unknown {
  if (err instanceof ParkedNotFoundError)
    return new AppError('parked_event_not_found', err.message);
  if (err instanceof NotParkedError) return new AppError('not_parked', err.message);
  if (err instanceof NotLiveError) return new AppError('version_not_live', err.message);
  return err;
}

/**
 * Ops routes over the dead letters of a read-model version (scope `ops`): list, show, retry a
 * lead's parked events, discard one. Retry and discard act on the live version.
 */
export function parkedRoutes(app: HttpApp, opts: ParkedRoutesOptions): void {
  const { db } = opts;
  const resolveVersion = async (requested: number | undefined): Promise<number> => {
    if (requested !== undefined) {
      if (!(await listVersions(db)).some((v) => v.version === requested)) {
        throw new AppError('not_found', `no read-model version ${requested}`);
      }
      return requested;
    }
    const live = await liveVersion(db);
    if (live === undefined) throw new AppError('not_found', 'no live read-model version');
    return live;
  };

  app.get(
    '/v1/ops/parked',
    {
      config: { scope: SCOPES.ops },
      schema: {
        tags: ['ops'],
        summary: 'List parked events (dead letters)',
        description:
          'Records the live projection could not apply, oldest first, with the error and the ' +
          'original bytes. `status` defaults to `parked` (`all` lists retried and discarded ' +
          'too); page with `afterId` = the previous page’s `nextAfterId`. Scope `ops`.',
        querystring: listQuery,
        response: {
          200: z.object({
            version: z.int(),
            items: z.array(parkedEventSchema),
            nextAfterId: z.int().nullable(),
          }),
          404: problemSchema.describe('not_found'),
        },
      },
    },
    async (request) => {
      const { version: requested, ...filter } = request.query;
      const version = await resolveVersion(requested);
      return { version, ...(await listParked(db, version, filter)) };
    },
  );

  app.get(
    '/v1/ops/parked/:id',
    {
      config: { scope: SCOPES.ops },
      schema: {
        tags: ['ops'],
        summary: 'One parked event',
        params: idParams,
        querystring: z.object({ version: versionQuery }).strict(),
        response: { 200: parkedEventSchema, 404: problemSchema.describe('parked_event_not_found') },
      },
    },
    async (request) => {
      const version = await resolveVersion(request.query.version);
      const found = await getParked(db, version, request.params.id);
      if (found === undefined)
        throw asAppError(new ParkedNotFoundError(version, request.params.id));
      return found;
    },
  );

  app.post(
    '/v1/ops/parked/:id/retry',
    {
      config: { scope: SCOPES.ops },
      schema: {
        tags: ['ops'],
        summary: 'Retry a lead’s parked events',
        description:
          'Applies the named parked event and every other parked event of its lead to the live ' +
          'read models, in version order, as the live projector would: what applies (or was ' +
          'already applied) becomes `retried`; the rest stays parked with the new reason. ' +
          'Exactly once: the lead’s stored version decides. Discard what can never apply ' +
          'first. Scope `ops`.',
        params: idParams,
        response: { 200: retryResultSchema, ...problems },
      },
    },
    async (request) => {
      const version = await resolveVersion(undefined);
      try {
        return await retryParked({
          db,
          version,
          pipelines: opts.pipelines,
          id: request.params.id,
        });
      } catch (err) {
        throw asAppError(err);
      }
    },
  );

  app.post(
    '/v1/ops/parked/:id/discard',
    {
      config: { scope: SCOPES.ops },
      schema: {
        tags: ['ops'],
        summary: 'Discard a parked event',
        description:
          'Marks the parked event `discarded` (it stays listed, with the note): its lead no ' +
          'longer waits behind it. The lead’s other parked events, if any, wait for a retry. ' +
          'Scope `ops`.',
        params: idParams,
        body: discardBody,
        response: { 200: parkedEventSchema, ...problems },
      },
    },
    async (request) => {
      const version = await resolveVersion(undefined);
      try {
        return await discardParked(db, version, request.params.id, request.body.note ?? null);
      } catch (err) {
        throw asAppError(err);
      }
    },
  );
}
