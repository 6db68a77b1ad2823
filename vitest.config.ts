import { defineConfig } from 'vitest/config';

// Time limits here only bound a hang: a learner's laptop or a shared CI runner can be several times
// slower than a quiet machine, and speed is measured by `npm run bench`, not asserted in tests.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    expect: { poll: { timeout: 30_000 } },
  },
});
