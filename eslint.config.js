// ESLint flat config: typescript-eslint's recommended rules without type information (fast enough to
// run on every CI pass), React's rules of hooks for the web app, and a few house rules.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    'data/',
    'migrations/',
    'coverage/',
    'test-results/',
    'playwright-report/',
    '.vitest-template/',
    'web/src/api/schema.d.ts',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    rules: {
      // `_`-prefixed names mark deliberately unused arguments, variables and destructured leftovers.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      'prefer-const': 'error',
    },
  },

  // Server, CLI, tests, tools: Node globals.
  {
    files: ['src/**', 'test/**', 'bench/**', 'scripts/**', 'bin/**', '*.config.{js,ts,mjs,cjs}', 'web/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  // Programs that talk to a person on a terminal.
  {
    files: ['src/cli/**', 'src/main.ts', 'bench/**', 'scripts/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // The React app. The classic hook rules only: the React Compiler rules of plugin v7 assume the
  // compiler, which this app does not use.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },

  // Plain scripts served as-is to the browser (no bundler).
  {
    files: ['web/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },

  // Tests may use non-null assertions and loose fixtures freely, and print what they measured.
  {
    files: ['**/*.test.ts', 'test/**'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
