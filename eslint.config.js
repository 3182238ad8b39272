// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Packages that hold pure logic: they must never reach for I/O libraries. */
const pureRestriction = {
  patterns: [
    {
      group: [
        'fastify',
        'fastify-*',
        '@fastify/*',
        'kysely',
        'kysely/*',
        'pg',
        'kafkajs',
        '@dealflow/db',
        '@dealflow/kafka',
        '@dealflow/runtime',
        'node:fs',
        'node:net',
        'node:http',
        'node:child_process',
      ],
      message: 'packages/domain and packages/events stay pure: no I/O libraries.',
    },
  ],
};

export default tseslint.config(
  // Generated from the OpenAPI documents (packages/client/src/generate.ts).
  {
    ignores: [
      '**/node_modules/**',
      '.cache/**',
      'coverage/**',
      '**/dist/**',
      'packages/client/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/domain/**/*.ts', 'packages/events/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', pureRestriction] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
