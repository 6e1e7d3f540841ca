export * from './config';
export { keystoreInput, testClockDir, type JusteringConfig, type KeysConfig } from './sections';
export * from './config.module';
