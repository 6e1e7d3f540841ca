// ESLint for the whole repository (`npm run lint`). Typed rules (typescript-eslint's project service)
// for the TypeScript sources, plain rules for the few CommonJS scripts, and the import boundaries of
// docs/architecture.md as `no-restricted-imports` per folder: a pure lib imports nothing of Nest,
// TypeORM, an app or an impure lib; no lib imports an app; the worker imports nothing of the api.
// Formatting is Prettier's job (`npm run format:check`), so no stylistic rules here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Libs that are plain TypeScript: no Nest, no TypeORM, no app, and only other pure libs. */
const PURE_LIBS = ['protocol', 'pdf', 'pdf-reader', 'pades', 'validation', 'legal-dates', 'auth', 'sv', 'html', 'docx-import', 'identity'];
/** Domain libs with use cases: no TypeORM (ports instead), no Nest HTTP layer, no app. */
const DOMAIN_LIBS = ['application', 'justering', 'anslag', 'mail'];
const IMPURE_LIBS = ['config', 'persistence', 'queue', 'keys', 'application', 'justering', 'anslag', 'mail'];

const appPatterns = [
  {
    group: ['**/apps/**', 'apps/**', '@justera/api', '@justera/worker', '@justera/cli'],
    message: 'A lib never imports an app (docs/architecture.md, "Import boundaries").',
  },
];
const ormPatterns = [{ group: ['typeorm', 'typeorm/**', '@nestjs/typeorm'], message: 'TypeORM stays in libs/persistence and the apps.' }];
const nestPatterns = [{ group: ['@nestjs/*', '@nestjs/**'], message: 'A pure lib imports nothing of Nest.' }];

const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'data/**',
      'coverage/**',
      '.tmp/**',
      'bench/out/**',
      'demo-out/**',
      'test-results/**',
      'docs/**',
    ],
  },
  js.configs.recommended,
  // TypeScript: recommended + type-checked bug catchers.
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-throw-literal': 'off',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: true },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name=/^(describe|it|test)$/][callee.property.name='only']",
          message: 'No committed .only.',
        },
      ],
    },
  },
  // The CommonJS scripts and configs.
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
  // The pages' browser scripts (served as they are, no bundler).
  {
    files: ['apps/api/src/views/dashboard-live.js', 'apps/api/src/views/admin-keys.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['libs/pdf/src/testing/render-child.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Tests: Jest globals.
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Import boundaries.
  {
    files: ['libs/**/*.ts', 'libs/**/*.js'],
    rules: { 'no-restricted-imports': restrict(appPatterns) },
  },
  {
    files: DOMAIN_LIBS.map((l) => `libs/${l}/**/*.ts`),
    rules: {
      'no-restricted-imports': restrict([
        ...appPatterns,
        ...ormPatterns,
        { group: ['@nestjs/platform-*', '@nestjs/core', '@nestjs/swagger'], message: 'The HTTP layer stays in the apps.' },
        { group: ['@justera/persistence'], message: 'Use cases see ports, implemented in libs/persistence.' },
        // The job catalogue's types (JobName, JobPayloads) are part of the unit-of-work port; its runtime is not.
        { group: ['@justera/queue'], allowTypeImports: true, message: 'Only the job catalogue types (import type) from libs/queue.' },
      ]),
    },
  },
  {
    files: PURE_LIBS.map((l) => `libs/${l}/**/*.ts`),
    rules: {
      'no-restricted-imports': restrict([
        ...appPatterns,
        ...ormPatterns,
        ...nestPatterns,
        { group: IMPURE_LIBS.map((l) => `@justera/${l}`), message: 'A pure lib imports only other pure libs.' },
      ]),
    },
  },
  // libs/protocol's use cases (usecases/) are the one part of that pure lib that throws the
  // application layer's coded errors: they may import @justera/application, nothing else impure.
  {
    files: ['libs/protocol/src/usecases/**/*.ts', 'libs/protocol/src/testing/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        ...appPatterns,
        ...ormPatterns,
        ...nestPatterns,
        { group: IMPURE_LIBS.filter((l) => l !== 'application').map((l) => `@justera/${l}`), message: 'Protocol use cases import only pure libs and @justera/application.' },
      ]),
    },
  },
  // One configuration: the environment is read and validated in libs/config only (AppConfig).
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/config/**', '**/*.spec.ts', 'libs/*/src/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration from AppConfig (libs/config), validated once at boot.' },
      ],
    },
  },
  {
    files: ['apps/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([{ group: ['**/api/**', 'apps/api/**'], message: 'The worker imports nothing of the api app.' }]),
    },
  },
);
