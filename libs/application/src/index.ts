/**
 * @justera/application: what every use case shares (pure TypeScript, no Nest, no TypeORM): coded
 * domain errors, the unit-of-work port (outbox jobs, mail, audit) and the clock. See docs/application.md.
 */
export * from './errors';
export * from './unit-of-work';
export * from './access';
export * from './stored-document';
