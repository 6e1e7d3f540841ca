export * from './catalogue';
export * from './redis';
export * from './embedded-redis';
export * from './outbox';
export * from './outbox-relay';
export * from './queue.module';
export * from './process-runner';
export * from './mail-outbox';
