// Medium and e2e tests talk to the PostgreSQL and Redis that scripts/services.sh started (npm test).
// Set before any entity is loaded: entities read the dialect from DATABASE_URL.
if (!process.env.TEST_DATABASE_URL || !process.env.TEST_REDIS_URL) {
  throw new Error('TEST_DATABASE_URL and TEST_REDIS_URL are not set: run the suite with `npm test`, which starts PostgreSQL and Redis');
}
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
process.env.NODE_ENV = 'test';
