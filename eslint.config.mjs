import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import { ALLOWED, APPS, restrictedImports } from './boundaries.mjs';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '*.js',
      '*.mjs',
      'apps/console/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // Type-aware rules: every TypeScript file is linted with its project's types.
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: true },
      ],
      'no-console': 'off',
    },
  },
  // The dependency graph (boundaries.mjs): each lib and app imports only what it may.
  ...Object.entries(ALLOWED).map(([lib, allowed]) => ({
    files: [`libs/${lib}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', restrictedImports(allowed)] },
  })),
  ...Object.entries(APPS).map(([app, allowed]) => ({
    files: [`apps/${app}/**/*.{ts,tsx}`],
    rules: { 'no-restricted-imports': ['error', restrictedImports(allowed)] },
  })),
  {
    // The console's unit specs run in Node, never in the bundle: they check the catalogues against the rulebook,
    // so they may read libs/rules (its sources and its test samplers) and nothing else.
    files: ['apps/console/src/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', restrictedImports(['rules'])] },
  },
  {
    // libs/rules is pure: no framework, no I/O, no other lib.
    files: ['libs/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'mysql2', '@patuh/*', 'fs', 'node:*'] },
      ],
    },
  },
  {
    // The console's unit specs are outside its tsconfig (vite builds src only): linted without types.
    files: ['apps/console/src/**/*.spec.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The console (browser code): React hooks rules.
    files: ['apps/console/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
