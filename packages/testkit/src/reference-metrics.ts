export { referenceMetricFunnel } from './reference-metric-funnel.js';
export { referenceReasons } from './reference-reasons.js';
export { referenceStageDurations } from './reference-stage-durations.js';
export { referenceSummary } from './reference-summary.js';
export { referenceTimeseries } from './reference-timeseries.js';
