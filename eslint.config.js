// ESLint 9 flat config for the whole monorepo (`npm run lint` runs it, then Prettier).
// typescript-eslint's non-type-checked `recommended` set keeps it fast; formatting is
// Prettier's job, so no stylistic rules here.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const { defineConfig, globalIgnores } = require('eslint/config');

/** Globals of Node.js scripts, kept inline so the config needs no extra dependency. */
const readonly = (names) => Object.fromEntries(names.map((name) => [name, 'readonly']));
const nodeGlobals = readonly([
  'process',
  'console',
  'Buffer',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'AbortController',
  'AbortSignal',
  'structuredClone',
  'performance',
  'queueMicrotask',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'global',
  'globalThis',
  'gc',
]);
const commonJsGlobals = readonly(['require', 'module', 'exports', '__dirname', '__filename']);

module.exports = defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/coverage/',
    'docs/api/',
    'bench/results.json',
    '**/*.d.ts',
  ]),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'zoa/all',
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'object-shorthand': ['error', 'properties'],
      'no-throw-literal': 'error',
      // Walking a parent chain (`let node: Item | undefined = this`) is everyday tree code here.
      '@typescript-eslint/no-this-alias': 'off',
      // Rejecting control characters in ids, paths and browser ids (T-02, T-10, S-09) needs
      // regular expressions that match them on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    name: 'zoa/typescript',
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': [
        'error',
        // `typeof import('./x')` stays allowed: it types lazy `require`s (the CLI's commands).
        {
          prefer: 'type-imports',
          fixStyle: 'separate-type-imports',
          disallowTypeAnnotations: false,
        },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
  {
    // Library source: `unknown` and narrowing, never `any` (STYLE.md §7).
    name: 'zoa/src',
    files: ['packages/*/src/**/*.ts', 'examples/*/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // nunjucks leaves String.prototype slow unless loaded through views/nunjucks.ts.
    name: 'zoa/nunjucks',
    files: ['packages/*/src/**/*.ts', 'examples/*/src/**/*.ts'],
    ignores: ['packages/core/src/views/nunjucks.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'nunjucks',
              message:
                "import nunjucks from @zoa/core's views/nunjucks.ts: loaded directly, it leaves " +
                'String.prototype a dictionary, which slows every string scan in the process',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may poke at internals; an `any` there is a smell, not a build break.
    name: 'zoa/tests',
    files: ['**/test/**/*.ts', 'jest.setup.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Plain JavaScript is CommonJS here (no package sets "type": "module"): bench/ parts and
    // harness, .ci/ and scripts/ helpers, test fixtures, bin/ launchers, jest.config.js and this file.
    name: 'zoa/commonjs-scripts',
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      ecmaVersion: 2023,
      globals: { ...nodeGlobals, ...commonJsGlobals },
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    name: 'zoa/esm-scripts',
    files: ['**/*.mjs'],
    languageOptions: {
      sourceType: 'module',
      ecmaVersion: 2023,
      globals: nodeGlobals,
    },
  },
);
