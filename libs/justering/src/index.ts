/**
 * @justera/justering: the justering workflow's rules as pure TypeScript (no Nest, no TypeORM):
 * round state and order, deadlines and link expiry, the reminder schedule, the audit hash chain,
 * and the DocumentSigner port that the signatures issue implements.
 */
export * from './round';
export * from './deadlines';
export * from './reminders';
export * from './audit';
export * from './signer';
export * from './signing';
export * from './signing-error';
export * from './settings';
export * from './mails';
export * from './signatory-fields';
export * from './usecases';
// The evidence read model (Verifieringsunderlag): builder and query (h-evidence).
export * from './evidence';
// The justering reads (query classes over the JusteringReads port; docs/application.md).
export * from './queries';
