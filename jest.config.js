/** One Jest run over every workspace; TypeScript is transpiled per file and type-checked by `npm run typecheck`. */
const workspaceSources = {
  '^@people/(domain|platform|store|subgraph-kit|testing)$': '<rootDir>/shared/$1/src/index.ts',
  '^@people/platform/telemetry$': '<rootDir>/shared/platform/src/telemetry/start.ts',
  '^@people/subgraph-(create|read|update|delete)$': '<rootDir>/subgraphs/$1/src/index.ts',
  '^@people/gateway$': '<rootDir>/gateway/src/index.ts',
  '^@people/rest-bridge$': '<rootDir>/rest-bridge/src/index.ts',
  '^@people/stack$': '<rootDir>/stack/src/index.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/shared', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/rest-bridge', '<rootDir>/stack'],
  testMatch: ['**/src/**/__tests__/**/*.test.ts'],
  moduleNameMapper: workspaceSources,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  testTimeout: 30000,
  maxWorkers: 2,
};
