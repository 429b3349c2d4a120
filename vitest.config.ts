import { defineConfig } from 'vitest/config';

// The test levels of docs/ARCHITECTURE.md, each runnable by name (`npm run test:unit`,
// `test:integration`, `test:e2e`; `npm test` runs all three), each a folder rather than a list
// of exceptions: unit tests sit beside their code under src/ and start no server (checked by
// test/architecture.test.ts); a test that starts an HTTP server (a fake from test/fakes/ or its
// own) is in test/integration/ or test/fakes/; one that spawns the bundle is in test/e2e/.
const INTEGRATION = ['test/integration/**/*.test.ts', 'test/fakes/**/*.test.ts'];
const E2E = ['test/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: end-to-end tests spawn Node processes and servers; more forks only thrash.
    maxWorkers: 2,
    reporters: ['default', './test/kit/count-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: [...INTEGRATION, ...E2E] } },
      { extends: true, test: { name: 'integration', include: INTEGRATION } },
      { extends: true, test: { name: 'e2e', include: E2E } },
    ],
  },
});
