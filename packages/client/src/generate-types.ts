import openapiTS, { astToString } from 'openapi-typescript';

/** The header of every generated file. */
const BANNER =
  '// Generated from the OpenAPI document by packages/client/src/generate.ts; do not edit.\n\n';

/**
 * The TypeScript types (`paths`, `components`, `operations`) of an OpenAPI 3.1 document, as
 * openapi-typescript writes them for openapi-fetch.
 */
export async function typesFromDocument(document: unknown): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], {
    alphabetize: false,
    exportType: false,
  });
  return BANNER + astToString(ast);
}
