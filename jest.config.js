/** Jest runs every package's tests from source: @zoa/* imports map to packages/<name>/src. */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': tsJest,
    // @fast-check/poisoning ships ESM only; compile it to CommonJS like our sources.
    '^.+/@fast-check/poisoning/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@fast-check/poisoning/)'],
  moduleNameMapper: {
    '^@zoa/core$': '<rootDir>/packages/core/src/index.ts',
    '^@zoa/core/(.*)$': '<rootDir>/packages/core/src/$1',
    '^@zoa/temporary-folder$': '<rootDir>/packages/temporary-folder/src/index.ts',
    '^@zoa/temporary-folder/(.*)$': '<rootDir>/packages/temporary-folder/src/$1',
    '^@zoa/sessions$': '<rootDir>/packages/sessions/src/index.ts',
    '^@zoa/sessions/(.*)$': '<rootDir>/packages/sessions/src/$1',
  },
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  modulePathIgnorePatterns: ['<rootDir>/packages/.*/dist/'],
  testTimeout: 30000,
};
