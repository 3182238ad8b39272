import type { Answer } from './api.js';

/** The query API's answers the dashboard shows, as its OpenAPI document types them. */
export type Funnel = Answer<'/v1/funnel'>;
export type Summary = Answer<'/v1/metrics/summary'>;
export type Reasons = Answer<'/v1/metrics/won-reasons'>;
export type StageDurations = Answer<'/v1/metrics/stage-durations'>;
export type Timeseries = Answer<'/v1/metrics/timeseries'>;
export type Pipeline = Answer<'/v1/pipelines'>['pipelines'][number];
export type LeadPage = Answer<'/v1/leads'>;
export type LeadDetail = Answer<'/v1/leads/{leadId}'>;
