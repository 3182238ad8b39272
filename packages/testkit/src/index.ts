export { createTestDatabase, type TestDatabase } from './test-database.js';
export { testBrokers, uniqueTopic } from './test-topic.js';
export { waitFor } from './wait-for.js';
export { installPacked, type OutsideApp } from './packed-package.js';
export { assertBuilt, freePort, startService, type ServiceProcess } from './service-process.js';
export {
  commandFor,
  commandsFromHistory,
  driveCommands,
  type CommandRequest,
  type DriveResult,
} from './command-driver.js';
export { generateHistory, historyArbitrary, type HistoryOptions } from './history.js';
export { importLinesFromHistory } from './import-lines.js';
export { leadCreated, leadEvent } from './lead-event.js';
export { referenceFunnel } from './reference-fold.js';
export {
  referenceMetricFunnel,
  referenceReasons,
  referenceStageDurations,
  referenceSummary,
  referenceTimeseries,
} from './reference-metrics.js';
export {
  CONTRACT_CODES,
  fuzzFailureLines,
  fuzzOpenApi,
  fuzzSummary,
  type FuzzAnswer,
  type FuzzFailure,
  type FuzzInject,
  type FuzzOptions,
  type FuzzReport,
  type FuzzRequest,
  type FuzzResponse,
  type Operation,
  type Problem,
} from './openapi-fuzz.js';
export { findCycle, importGraph, sourceFiles } from './import-graph.js';
export { parsePrometheusText, type PromSample, type PromScrape } from './prometheus-text.js';
export { referenceLeadList, referenceLeads } from './reference-lead-list.js';
