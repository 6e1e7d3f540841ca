export * from './dialect';
export * from './entities';
export * from './migrations';
export * from './data-source';
export * from './repositories';
export * from './persistence.module';
export * from './overload';
export * from './outbox-row';
