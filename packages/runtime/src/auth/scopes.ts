/**
 * The scopes of the dealflow APIs (API.md): one place, so routes, tokens and docs agree.
 * - `leads:write`: send commands (and read the leads, for `If-Match`)
 * - `leads:read`: read single leads and their events (personal data: not for dashboards)
 * - `metrics:read`: read the aggregated funnel metrics and the pipeline definitions
 * - `ops`: the projector's operations (status, rebuild, rollback)
 * - `privacy`: erase a lead's personal data (`POST /v1/leads/{id}/erase`); irreversible, so
 *   not part of `leads:write`
 */
export const SCOPES = {
  leadsWrite: 'leads:write',
  leadsRead: 'leads:read',
  metricsRead: 'metrics:read',
  ops: 'ops',
  privacy: 'privacy',
} as const;
