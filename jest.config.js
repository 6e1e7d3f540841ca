// One Jest run, three tiers. `npm test` runs them all (scripts/test.sh starts PostgreSQL and Redis
// first); `npm run test:unit` runs only the fast, service-free tier.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
// Server-rendered pages are TSX rendered with preact (apps/api/src/views, docs/architecture.md).
const swcTsx = [
  '@swc/jest',
  {
    ...swc[1],
    jsc: { ...swc[1].jsc, parser: { syntax: 'typescript', tsx: true, decorators: true }, transform: { ...swc[1].jsc.transform, react: { runtime: 'automatic', importSource: 'preact' } } },
  },
];
const moduleNameMapper = {
  '^@justera/([a-z-]+)$': '<rootDir>/libs/$1/src',
};
const common = { transform: { '^.+\\.tsx$': swcTsx, '^.+\\.(t|j)s$': swc }, moduleNameMapper, testEnvironment: 'node' };

// Tiers that need PostgreSQL and Redis (started by scripts/services.sh through `npm test`).
const services = {
  setupFiles: ['<rootDir>/test/support/env.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/apps/**/*.spec.tsx', '<rootDir>/scripts/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'] },
    { ...common, ...services, displayName: 'medium', testMatch: ['<rootDir>/test/medium/**/*.test.ts'] },
    { ...common, ...services, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'] },
    { ...common, ...services, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser.ts'] },
  ],
};
