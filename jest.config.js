// ts-jest in ESM mode: Node runs the tests as ES modules (see the `test` script's
// --experimental-vm-modules). Type checking is left to `tsc --noEmit`, which `npm test` runs first.
// The global setup starts the real devpi-server and pypiserver once per run (installing them into a
// cached virtual environment the first time); the teardown stops them.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/__tests__/support/real-servers/global-setup.mjs',
  globalTeardown: '<rootDir>/__tests__/support/real-servers/global-teardown.mjs',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true }]
  },
  reporters: ['default', '<rootDir>/scripts/plain-summary-reporter.js'],
  testTimeout: 30000
}
