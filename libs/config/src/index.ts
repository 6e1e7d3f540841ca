export * from './config';
export { keystoreInput, testClockDir, type ArchiveRenewalConfig, type JusteringConfig, type KeysConfig } from './sections';
export * from './config.module';
export { oidcConfig, type OidcConfig } from './identity';
export { staffSsoConfig, type StaffSsoConfig } from './staff-sso';
