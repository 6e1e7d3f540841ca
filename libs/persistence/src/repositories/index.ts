export * from './anslag.repository';
export * from './access.repository';
export * from './mail-deliveries.repository';
export * from './organisations.repository';
export * from './protocols.repository';
export * from './justering.repository';
export * from './evidence.repository';
export * from './anslag-store';
