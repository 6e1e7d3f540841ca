export * from './model';
export * from './schema';
export * from './validate';
export * from './text';
export * from './html';
export * from './generate';
export * from './adjusted';
export * from './diff';
