import { defineConfig } from 'vitest/config';

// Browser tests: real Chromium (playwright-core) against the built site. The global setup builds it.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One file at a time: each drives a browser, and the machines have two cores.
    fileParallelism: false,
  },
});
