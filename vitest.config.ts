import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: end-to-end tests spawn Node processes and servers; more forks only thrash.
    maxWorkers: 2,
    reporters: ['default', './test/kit/count-reporter.ts'],
  },
});
