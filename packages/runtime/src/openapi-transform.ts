import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BEARER_SCHEME, requiredScopes } from './auth/auth-plugin.js';
import { problemSchema } from './problem-schema.js';

const { $schema: _dialect, ...problem } = z.toJSONSchema(problemSchema);
const answer = (description: string) => ({ ...problem, description });

/**
 * Error answers are served as `application/problem+json` (RFC 9457): document them so, or
 * generated clients would expect `application/json`. A response that already names its
 * content is left as it is.
 */
function asProblemJson(responses: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      if (Number(status) < 400 || typeof response !== 'object' || response === null) {
        return [status, response];
      }
      if ('content' in response) return [status, response];
      const { description, ...schema } = response as { description?: string };
      return [
        status,
        {
          description: description ?? 'problem',
          content: { 'application/problem+json': { schema } },
        },
      ];
    }),
  );
}

/**
 * The zod → OpenAPI transform, plus what the security layers add to each operation: its
 * security requirement (from `config.scope`, one alternative per scope) with the 401/403
 * answers, and the 429 answer under a rate limit. Run when the document is generated, so it
 * sees every route's final config whatever order the hooks ran in.
 */
export function openapiTransform(security: {
  auth: boolean;
  rateLimit: boolean;
}): SwaggerTransform {
  return (input) => {
    const out = jsonSchemaTransform(input);
    const { schema } = out;
    const documented = typeof schema === 'object' && !('hide' in schema && schema.hide === true);
    if (!documented) return out;
    const scopes = requiredScopes(input.route.config?.scope);
    const secured = security.auth && scopes.length > 0;
    const responses = typeof schema.response === 'object' ? schema.response : {};
    return {
      url: out.url,
      schema: {
        ...schema,
        ...(secured && { security: scopes.map((scope) => ({ [BEARER_SCHEME]: [scope] })) }),
        response: asProblemJson({
          ...responses,
          ...(secured && {
            401: answer('unauthorized: missing, invalid or expired bearer token'),
            403: answer(`forbidden: the token lacks the scope (${scopes.join(' or ')})`),
          }),
          ...(security.rateLimit && {
            429: answer('rate_limited: too many requests; Retry-After says when to retry'),
          }),
        }),
      },
    };
  };
}
