export * from './anslag.repository';
export * from './access.repository';
export * from './mail-deliveries.repository';
export * from './organisations.repository';
export * from './protocols.repository';
export * from './protocol-store';
export * from './justering.repository';
export * from './evidence.repository';
export * from './anslag-store';
export * from './anslag-reads';
export * from './admin.repository';
export * from './justering-store';
export * from './signing-identity-attempts.repository';
export * from './evidence-reads';
// The justering queries' read port (libs/justering queries).
export * from './justering-reads';
