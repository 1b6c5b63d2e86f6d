/** One jest run, two projects: pure unit specs beside the code, and e2e suites against real MySQL and Redis. */
const moduleNameMapper = {
  '^@patuh/(config|persistence|queues|rules|core|engine|cases|self-reports|alerts|accounts)$':
    '<rootDir>/libs/$1/src',
  '^@patuh/(config|persistence|queues|rules|core|engine|cases|self-reports|alerts|accounts)/(.*)$':
    '<rootDir>/libs/$1/src/$2',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] };
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform,
  moduleNameMapper,
};

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/test/lint/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
