export { createTestDatabase, type TestDatabase } from './test-database.js';
export { testBrokers, uniqueTopic } from './test-topic.js';
export { waitFor } from './wait-for.js';
