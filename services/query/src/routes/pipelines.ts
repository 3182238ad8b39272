import { SCOPES, type HttpApp } from '@dealflow/runtime';
import type { QueryDeps } from '../query-deps.js';
import { commonProblems, PipelinesBody } from './schemas.js';

/** `GET /v1/pipelines`: the configured pipelines, their stages in order, probabilities. */
export function pipelinesRoute(app: HttpApp, deps: Pick<QueryDeps, 'pipelines'>): void {
  app.get(
    '/v1/pipelines',
    {
      config: { scope: SCOPES.metricsRead },
      schema: {
        tags: ['pipelines'],
        summary: 'Pipeline definitions',
        description:
          'Every configured pipeline: its stages in order (the open stages of the funnel, then ' +
          '`won` and `lost`) with their 1-based position, win probability and kind, and the ' +
          'reasons a deal may be lost for. Events carry stage ids; positions are configuration.',
        response: { 200: PipelinesBody, ...commonProblems },
      },
    },
    () => ({
      pipelines: deps.pipelines.list().map((pipeline) => ({
        id: pipeline.id,
        name: pipeline.name,
        stages: pipeline.stages.map((stage, index) => ({ ...stage, position: index + 1 })),
        lostReasons: [...pipeline.lostReasons],
      })),
    }),
  );
}
